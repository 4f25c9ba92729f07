package jp.jusou.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An agency's system on the HTTP API, for tests (java.net.http, Basic authentication). */
public class HttpAgency {

    private final HttpClient client;
    private final String base;
    private final String authorization;

    public HttpAgency(String base, String user, String secret) {
        this(HttpClient.newHttpClient(), base, user, secret);
    }

    /** Over a client of the caller's (e.g. one that trusts a deployment's CA for HTTPS). */
    public HttpAgency(HttpClient client, String base, String user, String secret) {
        this.client = client;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).DELETE().build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET().build());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    /** Polls GET /api/v1/messages/{id} until the outcome is there. */
    public com.fasterxml.jackson.databind.JsonNode awaitOutcome(String messageId) throws Exception {
        HttpResponse<String> found = org.awaitility.Awaitility.await("the outcome of " + messageId).atMost(WAIT)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> get("/api/v1/messages/" + messageId), response -> {
                    if (response.statusCode() != 200 && response.statusCode() != 404) {
                        throw new AssertionError("unexpected status " + response.statusCode() + ": " + response.body());
                    }
                    return response.statusCode() == 200;
                });
        return JSON.readTree(found.body());
    }

    /** Pulls the inbox until the message (or, with null, any message) is offered. */
    public com.fasterxml.jackson.databind.JsonNode pullUntil(String messageId) throws Exception {
        return org.awaitility.Awaitility.await("offered: " + messageId).atMost(WAIT)
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> offered(messageId), java.util.Optional::isPresent).orElseThrow();
    }

    private java.util.Optional<com.fasterxml.jackson.databind.JsonNode> offered(String messageId) throws Exception {
        HttpResponse<String> response = get("/api/v1/inbox?max=10");
        if (response.statusCode() != 200) {
            throw new AssertionError("unexpected status " + response.statusCode() + ": " + response.body());
        }
        for (com.fasterxml.jackson.databind.JsonNode message : JSON.readTree(response.body()).path("messages")) {
            if (messageId == null || messageId.equals(message.path("messageId").asText())) {
                return java.util.Optional.of(message);
            }
        }
        return java.util.Optional.empty();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
