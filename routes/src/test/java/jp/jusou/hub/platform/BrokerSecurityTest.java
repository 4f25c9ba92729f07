package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/** On the broker, agency A may send only to hub.inbound.A and read only hub.outbound.A. */
class BrokerSecurityTest extends HubTestSupport {

    @Test
    void agencyCannotReadAnotherAgencysOutboundQueue() {
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            Session session = jiritsu.session();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-takikan")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void agencyCannotSendToAnotherAgencysInboundQueue() {
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            Session session = jiritsu.session();
            assertThatThrownBy(() -> {
                try (MessageProducer producer = session.createProducer(session.createQueue("hub.inbound.omuta-takikan"))) {
                    producer.send(session.createTextMessage("{}"));
                }
            }).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void agencyCannotUseItsOwnQueuesTheWrongWayRound() {
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            Session session = jiritsu.session();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.inbound.omuta-jiritsu")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> {
                try (MessageProducer producer = session.createProducer(session.createQueue("hub.outbound.omuta-jiritsu"))) {
                    producer.send(session.createTextMessage("{}"));
                }
            }).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void wrongSecretCannotConnect() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl(), "omuta-jiritsu", "demo-omuta-takikan");
        assertThatThrownBy(factory::createConnection).isInstanceOf(JMSException.class);
    }

    @Test
    void agencyCanUseItsOwnQueues() throws Exception {
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            Session session = jiritsu.session();
            session.createConsumer(session.createQueue("hub.outbound.omuta-jiritsu")).close();
            jiritsu.send("{\"not\": \"valid\"}");
            assertThat(jiritsu.receiveWhere(m -> "delivery-report".equals(m.path("type").asText()),
                    java.time.Duration.ofSeconds(10))).isNotNull();
        }
    }
}
