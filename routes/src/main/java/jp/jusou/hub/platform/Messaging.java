package jp.jusou.hub.platform;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.destination.SimpleDestinationResolver;

/**
 * The hub's broker connection and the Camel JMS component every route uses.
 *
 * <p>Transactions: the consumer runs in a locally transacted JMS session (no transaction manager);
 * Spring exposes that session to the producers that run in the same thread on the same connection
 * factory, so consuming the inbound message and producing every outbound copy and the delivery
 * report commit or roll back together. With no external transaction manager the listener can cache
 * its consumer (CACHE_CONSUMER), which is where most of the speed over a default bridge comes from.
 */
@Configuration(proxyBeanMethods = false)
public class Messaging {

    /** Name of the Camel component; route URIs start with {@code hubjms:}. */
    public static final String COMPONENT = "hubjms";

    @Bean
    @Primary
    CachingConnectionFactory connectionFactory(HubProperties properties, Credentials credentials,
                                               org.springframework.beans.factory.ObjectProvider<org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ> broker) {
        broker.ifAvailable(b -> { }); // the embedded broker (when there is one) starts before the first connection
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(properties.broker().url(),
                credentials.hubBrokerUser(), credentials.hubBrokerPassword());
        CachingConnectionFactory caching = new CachingConnectionFactory(artemis);
        caching.setSessionCacheSize(20);
        caching.setReconnectOnException(true);
        caching.setCacheConsumers(false); // a cached consumer would hold prefetched messages away from other consumers
        return caching;
    }

    @Bean(COMPONENT)
    JmsComponent hubJms(ConnectionFactory connectionFactory) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
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
