package jp.jusou.hub.platform;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own settings (application.yaml, prefix {@code hub}). Those with a default in this record
 * ({@code hub.jms.*}, {@code hub.database.*}) are not repeated in application.yaml.
 */
@ConfigurationProperties("hub")
public record HubProperties(
        String dataDir,
        int maxMessageBytes,
        boolean demoSecrets,
        Intake intake,
        Inbox inbox,
        Broker broker,
        Map<String, User> users,
        @DefaultValue Jms jms,
        @DefaultValue Database database) {

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

    /**
     * Broker connections (platform.Messaging): listeners on a plain, reconnecting factory; producers pooled.
     *
     * @param recoveryInterval              how often a listener container that lost its connection tries again
     * @param producerConnections           pooled-jms: connections for sends outside a listener's transaction
     * @param producerSessionsPerConnection pooled-jms: sessions per such connection
     */
    public record Jms(@DefaultValue("PT1S") Duration recoveryInterval, @DefaultValue("1") int producerConnections,
                      @DefaultValue("100") int producerSessionsPerConnection) {
    }

    /**
     * @param probeInterval how often the hub checks that the database answers; while it does not, consumers
     *                      wait and readiness is DOWN (platform.DatabaseAvailability)
     */
    public record Database(@DefaultValue("PT1S") Duration probeInterval) {
    }

    /** An operator-side login (operator, auditor, admin). */
    public record User(String password, String role) {
    }

    public Map<String, User> users() {
        return users == null ? Map.of() : users;
    }
}
