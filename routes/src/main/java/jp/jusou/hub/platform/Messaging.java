package jp.jusou.hub.platform;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.destination.SimpleDestinationResolver;

/**
 * The hub's broker connections and the Camel JMS component every route uses.
 *
 * <p>Two connection factories, each made for its side (Spring advises against a caching factory
 * under listener containers; after a broker restart it held dead sessions for minutes):
 * <ul>
 *   <li>Listeners: a plain Artemis factory that reconnects by itself (unlimited reconnects; with the HA
 *       pair's {@code ha=true} URL it fails over to the backup and back). Each listener container
 *       keeps its own connection, session and consumer (CACHE_CONSUMER) and, should they be lost,
 *       recovers them every {@code hub.jms.recovery-interval}.</li>
 *   <li>Producers: messaginghub's pooled-jms ({@link ProducerPool}), which drops a connection that
 *       failed instead of handing it out again.</li>
 * </ul>
 *
 * <p>Transactions: the consumer runs in a locally transacted JMS session (no transaction manager);
 * Spring exposes that session, keyed by the listener factory, to the producers that run in the same
 * thread. The producer pool presents itself as that same resource ({@link ProducerPool}), so consuming
 * the inbound message and producing every outbound copy and the delivery report still commit or roll
 * back together; a send from any other thread (HTTP submit, inbox, jobs) takes a pooled session.
 */
@Configuration(proxyBeanMethods = false)
public class Messaging {

    /** Name of the Camel component; route URIs start with {@code hubjms:}. */
    public static final String COMPONENT = "hubjms";

    /**
     * The listener containers' factory: plain, reconnecting, not cached. Held, not a ConnectionFactory
     * bean, so Boot's JMS health check (readiness) uses the producers' pool and its open connection
     * rather than opening a new connection on this factory at every probe.
     */
    @Bean(destroyMethod = "close")
    ListenerConnections listenerConnections(HubProperties properties, Credentials credentials, ObjectProvider<EmbeddedActiveMQ> broker) {
        broker.ifAvailable(b -> { }); // the embedded broker (when there is one) starts before the first connection
        return new ListenerConnections(reconnecting(properties, credentials));
    }

    /** The producers' pool, over a factory of its own. */
    @Bean(destroyMethod = "stop")
    @Primary
    ProducerPool connectionFactory(HubProperties properties, Credentials credentials, ListenerConnections listeners) {
        return new ProducerPool(reconnecting(properties, credentials), listeners.factory(), properties.jms().producerConnections(),
                properties.jms().producerSessionsPerConnection());
    }

    /**
     * A factory on the configured URL that never gives up reconnecting (unless the URL says otherwise)
     * and remembers the queues it has looked up (the hub's queues are fixed per agency).
     */
    static TrackedConnectionFactory reconnecting(HubProperties properties, Credentials credentials) {
        String url = properties.broker().url();
        TrackedConnectionFactory artemis = new TrackedConnectionFactory(url, credentials.hubBrokerUser(), credentials.hubBrokerPassword());
        if (!url.contains("reconnectAttempts")) {
            artemis.setReconnectAttempts(-1);
            artemis.setRetryInterval(200);
            artemis.setRetryIntervalMultiplier(1.5);
            artemis.setMaxRetryInterval(2000);
        }
        artemis.setCacheDestinations(true);
        return artemis;
    }

    /** The listener containers' connection factory, closed with the context. */
    record ListenerConnections(TrackedConnectionFactory factory) {
        void close() {
            factory.close();
        }
    }

    @Bean(COMPONENT)
    JmsComponent hubJms(ListenerConnections listeners, ProducerPool producers, HubProperties properties) {
        ActiveMQConnectionFactory listenerConnectionFactory = listeners.factory();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(listenerConnectionFactory);
        jms.setListenerConnectionFactory(listenerConnectionFactory);
        jms.setTemplateConnectionFactory(producers);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setRecoveryInterval(properties.jms().recoveryInterval().toMillis());
        jms.setDeliveryPersistent(true);
        jms.setDisableReplyTo(true);
        jms.setAutowiredEnabled(false);
        // Spring's default resolver asks the session for the queue on every send, and Artemis answers
        // createQueue with a blocking queue query to the broker: three per delivered message (copy,
        // confirmation, report). Spring's caching resolver asks once per name (benchmark/README.md).
        jms.setDestinationResolver(new SimpleDestinationResolver());
        return jms;
    }

    @Bean
    JmsTemplate jmsTemplate(ConnectionFactory connectionFactory) {
        JmsTemplate template = new JmsTemplate(connectionFactory);
        template.setDeliveryPersistent(true);
        template.setExplicitQosEnabled(true);
        return template;
    }
}
