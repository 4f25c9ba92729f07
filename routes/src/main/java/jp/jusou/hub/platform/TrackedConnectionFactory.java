package jp.jusou.hub.platform;

import jakarta.jms.JMSException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An Artemis connection factory that knows whether any of its open connections is cut off from its
 * broker right now (lost and reconnecting, or failing over to the backup). The broker's readiness check
 * ({@link BrokerHealth}) reads it: a pooled connection that is reconnecting still looks started to a
 * connection check, so the hub stayed ready for over 90 s after its only broker died.
 */
final class TrackedConnectionFactory extends ActiveMQConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final transient Set<ActiveMQConnection> cutOff = ConcurrentHashMap.newKeySet();

    TrackedConnectionFactory(String url, String user, String password) {
        super(url, user, password);
    }

    @Override
    protected synchronized ActiveMQConnection createConnectionInternal(String username, String password, boolean isXA, int type)
            throws JMSException {
        ActiveMQConnection connection = super.createConnectionInternal(username, password, isXA, type);
        connection.setFailoverListener(event -> {
            if (event == FailoverEventType.FAILURE_DETECTED) {
                cutOff.add(connection);
            } else {
                cutOff.remove(connection); // FAILOVER_COMPLETED, or FAILOVER_FAILED: it is closed
            }
        });
        return connection;
    }

    /** Open connections of this factory that are cut off from their broker now. */
    int cutOffConnections() {
        cutOff.removeIf(connection -> connection.getSessionFactory() == null || connection.getSessionFactory().isClosed());
        return cutOff.size();
    }
}
