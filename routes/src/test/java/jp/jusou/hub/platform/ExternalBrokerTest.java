package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.AfterTheHub;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.BrokerProcess;
import jp.jusou.hub.ExternalProfile;
import jp.jusou.hub.HubProcess;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.Messages;
import jp.jusou.hub.broker.StandaloneBroker;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The "external" profile against a separate broker process: {@code deploy/artemis/broker.xml} run by
 * the standalone launcher behind {@code bin/broker} ({@link StandaloneBroker}, its own JVM, users from
 * JAAS properties files written here, the hub's password hashed): no embedded broker in the hub, real
 * secrets instead of demo ones, the hub and the agencies over TCP. The broker stops on SIGTERM with
 * exit status 0.
 */
// before @SpringBootTest: the broker is stopped after the test framework has closed the hub's context
@ExtendWith(AfterTheHub.class)
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("external")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExternalBrokerTest {

    static final List<String> AGENCIES = ExternalProfile.AGENCIES;
    static BrokerProcess broker;
    static String readyLine;
    static int port;
    static int amqpsPort;
    static ExternalProfile profile;
    static DemoCertificates tls;
    static final String KEYSTORE_PASSWORD = ExternalProfile.KEYSTORE_PASSWORD;

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) throws Exception {
        port = HubProcess.freePort();
        amqpsPort = HubProcess.freePort();
        Path dir = Files.createTempDirectory(Path.of("target"), "external-broker-").toAbsolutePath();
        profile = ExternalProfile.in(dir);
        tls = profile.tls();
        Map<String, String> properties = new java.util.HashMap<>(profile.brokerProperties());
        properties.putAll(Map.of("broker.host", "127.0.0.1", "broker.port", String.valueOf(port), "broker.amqps-port", String.valueOf(amqpsPort)));
        // agencies may log in by their client certificate too: cert-users.properties beside the users file
        tls.ensureAgency("omuta-houkatsu-1");
        Files.writeString(profile.users().resolveSibling("cert-users.properties"), "omuta-houkatsu-1 = "
                + certificateSubject("omuta-houkatsu-1") + "\n");
        broker = BrokerProcess.start(Path.of("../deploy/artemis/broker.xml"), dir.resolve("broker"), profile.users(), profile.roles(),
                properties, profile.brokerEnvironment());
        readyLine = broker.readyLine();
        AfterTheHub.closeAfter(ExternalBrokerTest.class, ExternalBrokerTest::stopBroker);
        profile.register(registry, "tcp://127.0.0.1:" + port + "?" + profile.brokerTrust());
    }

    static String certificateSubject(String agency) throws Exception {
        return ((java.security.cert.X509Certificate) jp.jusou.hub.TlsClients.certificate(tls.agencyCertificate(agency)))
                .getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC1779); // as Artemis reads it: "CN=…, O=…"
    }

    /**
     * On the standalone broker too an agency logs in by its certificate alone (SASL EXTERNAL), with exactly
     * its own rights; with another agency's password as well it is still itself, never the other.
     */
    @Test
    void onTheStandaloneBrokerAnAgencyLogsInByItsCertificateAloneAndIsNeverAnother() throws Exception {
        javax.net.ssl.SSLContext houkatsu = jp.jusou.hub.TlsClients.context(tls.caCertificate(), tls.agencyCertificate("omuta-houkatsu-1"),
                tls.agencyKey("omuta-houkatsu-1"));
        org.apache.qpid.jms.JmsConnectionFactory external = new org.apache.qpid.jms.JmsConnectionFactory(
                "amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        external.setSslContext(houkatsu);
        try (jakarta.jms.Connection connection = external.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            try (var own = session.createProducer(session.createQueue("hub.inbound.omuta-houkatsu-1"))) {
                own.send(session.createTextMessage("{\"probe\": true}"));
            }
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.inbound.omuta-takikan"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(jakarta.jms.JMSException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-takikan")))
                    .isInstanceOf(jakarta.jms.JMSException.class);
        }
        // the certificate of houkatsu-1 with takikan's user and password: still houkatsu-1
        org.apache.qpid.jms.JmsConnectionFactory plain = new org.apache.qpid.jms.JmsConnectionFactory("omuta-takikan",
                "secret-omuta-takikan", "amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=PLAIN");
        plain.setSslContext(houkatsu);
        try (jakarta.jms.Connection connection = plain.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-takikan")))
                    .as("never takikan").isInstanceOf(jakarta.jms.JMSException.class);
        } catch (jakarta.jms.JMSException refusedAtLogin) {
            // refused outright is as good
        }
    }

    /** A fresh ledger key, as IT staff make one (openssl rand -base64 32). */
    static String ledgerKey() {
        return ExternalProfile.ledgerKey();
    }

    /**
     * The hub first, then the broker with SIGTERM ({@link AfterTheHub}): the hub's context is closed by
     * the test framework while its broker still runs, so its listeners stop in a second; with the broker
     * gone first, each shutdown phase waited out its 30 s for listeners in reconnect back-off.
     */
    static void stopBroker() throws Exception {
        assertThat(broker.isAlive()).as("the broker still runs at the end; see " + broker.log()).isTrue();
        long start = System.nanoTime();
        boolean stopped = broker.stop(); // SIGTERM
        System.out.printf("broker stopped after SIGTERM in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(stopped).as("the broker exits with status 0 within 30 s of SIGTERM; see " + broker.log()).isTrue();
        assertThat(Files.readString(broker.log())).contains("broker stopped in");
    }

    @Value("${hub.broker.embedded}")
    boolean embedded;

    @Test
    void hubRunsAgainstTheStandaloneBrokerConfiguration() {
        assertThat(embedded).isFalse();
        assertThat(readyLine).as("broker.xml took the acceptors' host and ports from -Dbroker.host/-Dbroker.port/-Dbroker.amqps-port")
                .contains("amqps=127.0.0.1:" + amqpsPort, "hub=127.0.0.1:" + port);
        // agencies: AMQP over TLS, trusting the CA that issued the broker's certificate
        String url = "amqps://127.0.0.1:" + amqpsPort;
        javax.net.ssl.SSLContext trust = jp.jusou.hub.TlsClients.context(tls.caCertificate(), null, null);
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        try (AgencyClient houkatsu = AgencyClient.amqps(url, trust, "omuta-houkatsu-1", "secret-omuta-houkatsu-1");
             AgencyClient takikan = AgencyClient.amqps(url, trust, "omuta-takikan", "secret-omuta-takikan")) {
            jp.jusou.hub.HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1");
            houkatsu.send(Messages.text(referral));
            assertThat(takikan.receiveMessage(id, Duration.ofSeconds(15))).isEqualTo(referral);
            assertThat(houkatsu.receiveReport(id, Duration.ofSeconds(10)).at("/payload/outcome").asText()).isEqualTo("delivered");

            Session session = takikan.session();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-houkatsu-1")))
                    .isInstanceOf(JMSSecurityException.class);

            // broker.xml's InboundSizeLimit: a message far over the hub's limit never reaches the hub
            String huge = "{\"messageId\": \"huge-ext-1\", \"pad\": \"" + "a".repeat(2_000_000) + "\"}";
            assertThatThrownBy(() -> houkatsu.send(huge)).hasStackTraceContaining("TOO_LARGE");
        }
        assertThatThrownBy(() -> AgencyClient.amqps(url, trust, "omuta-takikan", "demo-omuta-takikan")).isInstanceOf(IllegalStateException.class);
        // no plain connection and no CORE for agencies: the hub's CORE port speaks TLS only, the agencies' port AMQP only
        assertThatThrownBy(() -> new AgencyClient("tcp://127.0.0.1:" + port + "?callTimeout=5000", "omuta-takikan", "secret-omuta-takikan"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AgencyClient("tcp://127.0.0.1:" + amqpsPort + "?sslEnabled=true;trustStorePath=" + tls.trustStore()
                + ";trustStorePassword=" + KEYSTORE_PASSWORD + ";trustStoreType=PKCS12;callTimeout=5000", "omuta-takikan", "secret-omuta-takikan"))
                .isInstanceOf(IllegalStateException.class);
    }
}
