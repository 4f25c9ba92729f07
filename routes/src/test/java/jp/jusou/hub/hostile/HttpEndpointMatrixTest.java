package jp.jusou.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every HTTP endpoint × every kind of caller (issue 11, item 8): anonymous, each demo agency, and each
 * role (operator, auditor, admin, the metrics scraper). The endpoints come from Spring's
 * {@link RequestMappingHandlerMapping}, so a new endpoint is in the matrix the moment it exists; this
 * class states independently of {@code WebSecurity} who may call what ({@link #allowed}), and an
 * endpoint it does not know fails the test until someone decides. A caller who may not gets 401
 * (anonymous) or 403 (logged in); a caller who may is never stopped by security (any other answer —
 * 404 for the made-up ids used here, 400, 422 — is the endpoint's own). The console's endpoints take no
 * HTTP Basic at all, and a console login as an agency opens none of them.
 */
class HttpEndpointMatrixTest extends HubTestSupport {

    static final List<String> AGENCIES = BrokerHostileTest.AGENCIES;

    /** Callers and their passwords; role names as the hub's logins carry them. */
    static final Map<String, String> STAFF = Map.of("operator", "OPERATOR", "auditor", "AUDITOR", "admin", "ADMIN",
            "prometheus", "METRICS");

    @DynamicPropertySource
    static void scraper(DynamicPropertyRegistry registry) {
        registry.add("hub.users.prometheus.password", () -> "demo-prometheus");
        registry.add("hub.users.prometheus.role", () -> "METRICS");
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Endpoint(String method, String pattern) {
        String path() {
            Matcher variable = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}").matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (variable.find()) {
                // a made-up id (nothing real is paused, replayed or erased); a constrained one takes its first choice
                String value = variable.group(2) == null ? "no-such-" + variable.group(1).toLowerCase() : variable.group(2).split("\\|")[0];
                variable.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            variable.appendTail(path);
            return path.toString();
        }
    }

    /** Every endpoint Spring MVC serves, plus the actuator's (served by their own mapping). */
    List<Endpoint> endpoints() {
        Set<Endpoint> all = new java.util.LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    all.add(new Endpoint(method.name(), pattern));
                }
            }
        }
        all.add(new Endpoint("GET", "/actuator/health"));
        all.add(new Endpoint("GET", "/actuator/info"));
        all.add(new Endpoint("GET", "/actuator/prometheus"));
        return new ArrayList<>(all);
    }

    /**
     * Who may call an endpoint, as the contract and issue 11 say: a set of roles ({@code AGENCY} for every
     * agency), {@code ANYONE}, {@code LOGIN} (any login) or {@code CONSOLE} (form login only; see the
     * console test). Null: not classified yet.
     */
    static Set<String> allowed(Endpoint e) {
        String p = e.pattern();
        if (p.startsWith("/console")) {
            return Set.of("CONSOLE");
        }
        if (p.equals("/actuator/health")) {
            return Set.of("ANYONE");
        }
        if (p.equals("/actuator/prometheus")) {
            return Set.of("METRICS", "OPERATOR", "ADMIN");
        }
        if (p.equals("/actuator/info")) {
            return Set.of("OPERATOR", "ADMIN");
        }
        if (p.startsWith("/v3/api-docs")) {
            return Set.of("LOGIN");
        }
        if (p.matches("/api/v1/(messages|inbox|meetings|consents|referrals|cases)(/.*)?")) {
            return Set.of("AGENCY");
        }
        if (p.matches("/api/v1/(quarantine|connectors)(/.*)?")) {
            return Set.of("OPERATOR", "ADMIN");
        }
        if (p.equals("/api/v1/connector-changes")) {
            return Set.of("OPERATOR", "ADMIN");
        }
        if (p.matches("/api/v1/connector-changes/[^/]+/(approve|reject)")) {
            return Set.of("ADMIN");
        }
        if (p.matches("/api/v1/users(/.*)?")) {
            return Set.of("ADMIN"); // people's accounts: admins only
        }
        if (p.equals("/api/v1/disclosures/verify")) {
            return Set.of("AUDITOR", "ADMIN");
        }
        if (p.matches("/api/v1/disclosures(/.*)?") || p.matches("/api/v1/subjects/[^/]+/erasure")) {
            return Set.of("AUDITOR");
        }
        return null;
    }

    HttpResponse<String> call(Endpoint e, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + e.path()))
                .header("Accept", "application/json, */*;q=0.1");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        request.method(e.method(), "GET".equals(e.method()) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}"));
        if (!"GET".equals(e.method())) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String code(HttpResponse<String> response) {
        try {
            JsonNode body = Messages.JSON.readTree(response.body());
            return body == null ? "" : body.path("code").asText("");
        } catch (Exception notJson) {
            return "";
        }
    }

    @Test
    void everyEndpointAnswersOnlyTheCallersItIsFor() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.stream().filter(e -> allowed(e) == null).map(e -> e.method() + " " + e.pattern()))
                .as("endpoints nobody has decided the callers of (add them to allowed())").isEmpty();
        assertThat(endpoints).as("the matrix is the whole API")
                .contains(new Endpoint("POST", "/api/v1/messages"), new Endpoint("POST", "/api/v1/connector-changes/{changeId}/approve"));

        Map<String, String[]> callers = new LinkedHashMap<>();
        callers.put("anonymous", new String[] {null, null, "ANONYMOUS"});
        AGENCIES.forEach(a -> callers.put(a, new String[] {a, "demo-" + a, "AGENCY"}));
        STAFF.forEach((user, role) -> callers.put(user, new String[] {user, "demo-" + user, role}));

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : endpoints) {
            Set<String> may = allowed(e);
            for (Map.Entry<String, String[]> caller : callers.entrySet()) {
                String role = caller.getValue()[2];
                HttpResponse<String> response = call(e, caller.getValue()[0], caller.getValue()[1]);
                calls++;
                int status = response.statusCode();
                boolean stoppedBySecurity = status == 401 || status == 403 && Set.of("FORBIDDEN", "").contains(code(response));
                boolean anonymous = "ANONYMOUS".equals(role);
                boolean permitted = may.contains("ANYONE") || !anonymous && may.contains("LOGIN") || may.contains(role);
                if (may.contains("CONSOLE")) {
                    // the console takes its form login only: HTTP Basic opens nothing but the public login page
                    // (a change without the session's CSRF token is refused before anything else: 403)
                    boolean loginPage = e.pattern().equals("/console/login");
                    if (loginPage ? status != 200 : !(status == 401 || status == 302 || status == 403 && "POST".equals(e.method()))) {
                        wrong.add(e.method() + " " + e.pattern() + " as " + caller.getKey() + ": " + status + " (console without a form login)");
                    }
                    continue;
                }
                if (permitted && stoppedBySecurity) {
                    wrong.add(e.method() + " " + e.pattern() + " as " + caller.getKey() + ": " + status + " but should be allowed");
                } else if (!permitted && !(anonymous ? status == 401 : status == 403)) {
                    wrong.add(e.method() + " " + e.pattern() + " as " + caller.getKey() + ": " + status + " " + code(response)
                            + " but should be " + (anonymous ? 401 : 403));
                }
            }
        }
        assertThat(wrong).as(calls + " calls of " + endpoints.size() + " endpoints").isEmpty();
    }

    @Test
    void aConsoleLoginAsAnAgencyOpensNoConsoleEndpointAndEachRoleOnlyItsOwn() throws Exception {
        List<Endpoint> console = endpoints().stream().filter(e -> e.pattern().startsWith("/console/api")).toList();
        assertThat(console).isNotEmpty();
        List<String> wrong = new ArrayList<>();
        Map<String, String> logins = new LinkedHashMap<>();
        AGENCIES.forEach(a -> logins.put(a, "AGENCY"));
        logins.put("operator", "OPERATOR");
        logins.put("auditor", "AUDITOR");
        logins.put("admin", "ADMIN");
        for (Map.Entry<String, String> login : logins.entrySet()) {
            FormLogin session = new FormLogin(httpPort);
            session.login(login.getKey(), "demo-" + login.getKey());
            for (Endpoint e : console) {
                HttpResponse<String> response = session.call(e.method(), e.path());
                boolean stopped = response.statusCode() == 401 || response.statusCode() == 403
                        && Set.of("FORBIDDEN", "").contains(code(response)) || response.statusCode() == 302;
                boolean may = consoleMay(login.getValue(), e);
                if (may == stopped) {
                    wrong.add(e.method() + " " + e.pattern() + " as " + login.getKey() + ": " + response.statusCode() + " " + code(response));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The console's rule, stated here on its own: agencies nothing; the auditor reads and opens content;
     * operators and admins act; only admins decide four-eyes changes and manage people's accounts.
     */
    static boolean consoleMay(String role, Endpoint e) {
        if ("AGENCY".equals(role)) {
            return false;
        }
        if (e.pattern().endsWith("/content")) {
            return "AUDITOR".equals(role);
        }
        if (e.pattern().startsWith("/console/api/connector-changes/") && "POST".equals(e.method())) {
            return "ADMIN".equals(role);
        }
        if (e.pattern().startsWith("/console/api/users")) {
            return "ADMIN".equals(role);
        }
        if ("POST".equals(e.method())) {
            return Set.of("OPERATOR", "ADMIN").contains(role);
        }
        return true;
    }

    /** A browser-like console session: form login with its CSRF token, then calls with the session and CSRF header. */
    static final class FormLogin {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;
        private String csrfHeader = "X-CSRF-TOKEN";
        private String csrfToken = "";

        FormLogin(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        void login(String user, String password) throws Exception {
            String page = client.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(token.find()).isTrue();
            String form = "username=" + user + "&password=" + password + "&_csrf=" + token.group(1);
            client.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> me = call("GET", "/console/api/me");
            if (me.statusCode() == 200) {
                JsonNode body = Messages.JSON.readTree(me.body());
                csrfHeader = body.at("/csrf/header").asText();
                csrfToken = body.at("/csrf/token").asText();
            }
        }

        HttpResponse<String> call(String method, String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
            if ("GET".equals(method)) {
                request.GET();
            } else {
                request.method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                        .header(csrfHeader, csrfToken);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
