package jp.jusou.hub.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * POSTs one outbound message to the agency's webhook, signed with HMAC-SHA256 of the body under the
 * agency's secret ({@code X-Hub-Signature-256: sha256=<hex>}). Anything but a 2xx answer is a
 * failure: the route retries with back-off, then rolls back so the broker keeps the message.
 */
final class WebhookDelivery implements Processor {

    private final URI url;
    private final byte[] key;
    private final Duration timeout;
    private final HttpClient client;

    WebhookDelivery(String url, String secret, Duration timeout) {
        this.url = URI.create(url);
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String body = exchange.getIn().getBody(String.class);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Hub-Signature-256", signature)
                .header("X-Hub-Message-Type", String.valueOf(exchange.getIn().getHeader(jp.jusou.hub.message.BrokerNames.TYPE)))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new WebhookRefusedException(response.statusCode());
        }
    }

    /** The agency's endpoint answered with a non-2xx status (its body is never read or logged). */
    static final class WebhookRefusedException extends RuntimeException {
        WebhookRefusedException(int status) {
            super("webhook answered HTTP " + status);
        }
    }
}
