package jp.jusou.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver of an agency that takes the hub's messages on an HTTP endpoint of its own
 * (自立相談 in the demo). It does what a vendor's receiver must do: check {@code X-Hub-Signature-256}
 * (HMAC-SHA256 of the body under the webhook's own signing key, not the agency's login secret) and answer 401 when it does not match, then keep
 * the message (one file per message under its directory) and answer 2xx only once it is stored.
 */
final class WebhookStandIn {

    private static final Logger log = LoggerFactory.getLogger(WebhookStandIn.class);
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StandInProperties.Webhook settings;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private HttpServer server;

    public WebhookStandIn(StandInProperties.Webhook settings) {
        this.settings = settings;
    }

    public void start() throws IOException {
        Files.createDirectories(directory());
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        server.createContext(settings.path(), this::handle);
        server.start();
        log.info("Demo stand-in: webhook receiver on http://{}:{}{} keeping messages in {}", settings.host(), port(),
                settings.path(), directory());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Messages accepted and calls refused (bad signature, not a POST, not JSON) so far. */
    public long received() {
        return received.get();
    }

    public long refused() {
        return refused.get();
    }

    private Path directory() {
        return Path.of(settings.directory()).toAbsolutePath().normalize();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES || !signatureMatches(body, exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"))) {
                log.warn("Demo stand-in: webhook call refused (signature missing or wrong, or too large)");
                answer(exchange, 401);
                return;
            }
            JsonNode message;
            try {
                message = JSON.readTree(body);
            } catch (IOException notJson) {
                answer(exchange, 400);
                return;
            }
            String name = safe(message.path("sender").asText("unknown")) + "--" + safe(message.path("messageId").asText("unknown")) + ".json";
            Path temporary = Files.createTempFile(directory(), "incoming", ".part");
            Files.write(temporary, body);
            Files.move(temporary, directory().resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            received.incrementAndGet();
            log.info("Demo stand-in: webhook received {} {}", message.path("type").asText(), message.path("messageId").asText());
            answer(exchange, 204);
        }
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        if (status / 100 != 2) {
            refused.incrementAndGet();
        }
        exchange.sendResponseHeaders(status, -1);
    }

    boolean signatureMatches(byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(header.substring("sha256=".length()));
            return MessageDigest.isEqual(expected, given); // constant time
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** A file name from an id: ids are [A-Za-z0-9._:-], and ':' is not a file-name character everywhere. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
