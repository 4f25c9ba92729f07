package jp.jusou.hub.platform;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.core.InfrastructureProxy;

/**
 * The producers' connection factory: messaginghub's pooled-jms (connections and sessions pooled, a
 * connection that failed is dropped from the pool and replaced).
 *
 * <p>It stands, for Spring's transaction synchronisation, for the listener containers' factory
 * ({@link InfrastructureProxy}): Spring finds the session a listener exposed under that factory when a
 * route sends on the listener's thread, so the sends join the consumer's local transaction, as they
 * did when both sides shared one factory. With no listener session on the thread, it hands out a
 * pooled session.
 */
final class ProducerPool implements ConnectionFactory, InfrastructureProxy {

    private final JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
    private final TrackedConnectionFactory producers;
    private final ConnectionFactory listeners;

    ProducerPool(TrackedConnectionFactory producers, ConnectionFactory listeners, int connections, int sessionsPerConnection) {
        this.producers = producers;
        this.listeners = listeners;
        pool.setConnectionFactory(producers);
        pool.setMaxConnections(connections);
        pool.setMaxSessionsPerConnection(sessionsPerConnection);
        pool.setBlockIfSessionPoolIsFull(true);
        pool.setUseAnonymousProducers(true);
    }

    /** The listener containers' factory: the key under which a listener's transacted session is found. */
    @Override
    public Object getWrappedObject() {
        return listeners;
    }

    /** The factory under the pool. */
    TrackedConnectionFactory producers() {
        return producers;
    }

    /** Closes the pooled connections. */
    public void stop() {
        pool.stop();
    }

    /** Connections currently open in the pool. */
    public int connections() {
        return pool.getNumConnections();
    }

    @Override
    public Connection createConnection() throws JMSException {
        return pool.createConnection();
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return pool.createConnection(userName, password);
    }

    @Override
    public JMSContext createContext() {
        return pool.createContext();
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return pool.createContext(userName, password);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return pool.createContext(userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return pool.createContext(sessionMode);
    }
}
