package jp.jusou.hub.platform;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings (application.yaml, prefix {@code hub}). */
@ConfigurationProperties("hub")
public record HubProperties(
        String dataDir,
        int maxMessageBytes,
        boolean demoSecrets,
        Intake intake,
        Inbox inbox,
        Broker broker,
        Operations operations,
        Map<String, User> users) {

    public record Intake(int concurrentConsumers) {
    }

    public record Inbox(Duration visibilityTimeout, int maxBatch) {
    }

    /**
     * @param embeddedId id of the embedded broker's in-VM acceptor ({@code vm://<id>})
     */
    public record Broker(boolean embedded, int embeddedId, String url, String user, String password, String acceptor,
                         long redeliveryDelayMs, double redeliveryMultiplier, long maxRedeliveryDelayMs,
                         int maxDeliveryAttempts) {
    }

    public record Operations(Duration queueDepthInterval) {
    }

    /** An operator-side login (operator, auditor, admin). */
    public record User(String password, String role) {
    }

    public Map<String, User> users() {
        return users == null ? Map.of() : users;
    }
}
