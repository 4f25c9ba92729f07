package jp.jusou.hub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jusou.hub.Messages;

/** A browser-like session on the console for tests: form login with the CSRF token, a session cookie, JSON calls. */
public class ConsoleSession {

    private final HttpClient client;
    private final String base;
    private String csrfHeader;
    private String csrfToken;
    private HttpResponse<String> lastLogin;

    /** Over the demo's plain HTTP port (127.0.0.1). */
    public ConsoleSession(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    /** Over HTTPS with this TLS context (e.g. trusting the demo CA), or plain HTTP with null. */
    public ConsoleSession(String base, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER);
        this.client = (tls == null ? builder : builder.sslContext(tls)).build();
        this.base = base;
    }

    /** The answer to the last login form post (its Set-Cookie headers, for instance). */
    public HttpResponse<String> lastLogin() {
        return lastLogin;
    }

    /** Logs in through the login form; returns where the hub redirected to. */
    public String login(String user, String password) {
        String page = send(HttpRequest.newBuilder(URI.create(base + "/console/login")).GET().build()).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!token.find()) {
            throw new AssertionError("no CSRF token in the login page");
        }
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token.group(1));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        lastLogin = response;
        String location = response.headers().firstValue("Location").orElse("");
        HttpResponse<String> me = get("/console/api/me");
        if (me.statusCode() == 200) {
            JsonNode body = json(me);
            csrfHeader = body.at("/csrf/header").asText();
            csrfToken = body.at("/csrf/token").asText();
        }
        return location;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json, true);
    }

    HttpResponse<String> post(String path, String json, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf && csrfHeader != null) {
            request.header(csrfHeader, csrfToken);
        }
        return send(request.build());
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Messages.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
