package jp.jusou.hub.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.TlsClients;
import jp.jusou.hub.message.BrokerNames;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Hostile agencies on the broker (issue 11, item 8), over AMQP on the plain acceptor (with a password) and
 * AMQP over TLS (with the agency's certificate alone, SASL EXTERNAL; real handshakes): every agency tries
 * every queue that is not its own to use — send, consume and browse every other agency's inbound and
 * outbound queue, its own queues the wrong way round, the dead-letter, expiry and every other queue of
 * the hub's, the management address — and to create a queue. Every attempt must be refused; the only
 * things that work are sending to its own {@code hub.inbound.X} and reading its own {@code hub.outbound.X}
 * (checked too, so the matrix cannot pass by refusing everything).
 */
class BrokerHostileTest extends HubTestSupport {

    static final List<String> AGENCIES = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai",
            "omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1");

    @Autowired
    EmbeddedActiveMQ broker;

    /** Every queue on the broker now (the agencies', the hub's own, dead letters), plus the management address. */
    List<String> everyAddress() {
        TreeSet<String> names = new TreeSet<>();
        broker.getActiveMQServer().getPostOffice().getAddresses().forEach(a -> names.add(a.toString()));
        names.add(BrokerNames.DEAD_LETTER_QUEUE);
        names.add(BrokerNames.EXPIRY_QUEUE);
        names.add("activemq.management");
        return new ArrayList<>(names);
    }

    ConnectionFactory plainAmqp(String agency) {
        String amqpUrl = "amqp://" + brokerUrl().substring("tcp://".length());
        return new JmsConnectionFactory(agency, "demo-" + agency, amqpUrl);
    }

    ConnectionFactory amqpsWithCertificate(String agency) {
        Path tls = Path.of(dataDir, "tls");
        SSLContext context = TlsClients.context(tls.resolve("ca.pem"), tls.resolve("agencies/" + agency + ".crt.pem"),
                tls.resolve("agencies/" + agency + ".key.pem"));
        JmsConnectionFactory factory = new JmsConnectionFactory("amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        factory.setSslContext(context);
        return factory;
    }

    @Test
    void overPlainAmqpNoAgencyTouchesAnythingButItsOwnTwoQueues() throws Exception {
        assertOnlyOwnQueues("amqp", this::plainAmqp);
    }

    @Test
    void overAmqpsWithItsCertificateNoAgencyTouchesAnythingButItsOwnTwoQueues() throws Exception {
        assertOnlyOwnQueues("amqps", this::amqpsWithCertificate);
    }

    interface Factories {
        ConnectionFactory of(String agency);
    }

    private void assertOnlyOwnQueues(String transport, Factories factories) throws Exception {
        List<String> addresses = everyAddress();
        assertThat(addresses).as("the matrix covers the hub's own queues and every agency's")
                .contains(BrokerNames.DEAD_LETTER_QUEUE, "hub.confirmed")
                .containsAll(AGENCIES.stream().map(BrokerNames::inbound).toList())
                .containsAll(AGENCIES.stream().map(BrokerNames::outbound).toList());
        List<String> allowed = new ArrayList<>();
        int attempts = 0;
        for (String agency : AGENCIES) {
            try (Connection connection = factories.of(agency).createConnection()) {
                connection.start();
                // what it may do works
                assertThat(sends(connection, BrokerNames.inbound(agency), false)).as(transport + " " + agency + " sends to its inbound").isTrue();
                assertThat(consumes(connection, BrokerNames.outbound(agency))).as(transport + " " + agency + " reads its outbound").isTrue();
                assertThat(browses(connection, BrokerNames.outbound(agency))).as(transport + " " + agency + " browses its outbound").isTrue();
                for (String address : addresses) {
                    boolean ownIn = address.equals(BrokerNames.inbound(agency));
                    boolean ownOut = address.equals(BrokerNames.outbound(agency));
                    if (!ownIn && sends(connection, address, true)) {
                        allowed.add(agency + " send " + address);
                    }
                    if (!ownOut && consumes(connection, address)) {
                        allowed.add(agency + " consume " + address);
                    }
                    if (!ownOut && browses(connection, address)) {
                        allowed.add(agency + " browse " + address);
                    }
                    attempts += 3;
                }
                String invented = "hub.inbound." + agency + "-shadow";
                if (consumes(connection, invented) || sends(connection, invented, true) || consumes(connection, "evil." + agency)) {
                    allowed.add(agency + " create a queue");
                }
                attempts += 3;
            }
        }
        assertThat(allowed).as(transport + ": of " + attempts + " hostile attempts, these were allowed").isEmpty();
        assertThat(broker.getActiveMQServer().getPostOffice().getAddresses().stream().map(Object::toString))
                .as("no queue was created by an agency").noneMatch(a -> a.contains("-shadow") || a.startsWith("evil."));
    }

    /** Whether a message could be sent there (a probe that is no message of the contract: the hub rejects it). */
    private static boolean sends(Connection connection, String address, boolean hostile) {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(address))) {
            producer.send(session.createTextMessage(hostile ? "{\"hostile\": true}" : "{\"probe\": true}"));
            return true;
        } catch (JMSException refused) {
            return false;
        }
    }

    private static boolean consumes(Connection connection, String address) {
        try (Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(address))) {
            consumer.receiveNoWait(); // never acknowledged: nothing is taken even where reading is allowed
            return true;
        } catch (JMSException refused) {
            return false;
        }
    }

    private static boolean browses(Connection connection, String address) {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue queue = session.createQueue(address);
            try (QueueBrowser browser = session.createBrowser(queue)) {
                browser.getEnumeration().hasMoreElements();
                return true;
            }
        } catch (JMSException refused) {
            return false;
        }
    }
}
