package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.TlsClients;
import jp.jusou.hub.connectors.ConnectorRuntime;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client certificate is exactly one agency's, and never another's (issue 11, item 2): the certificate
 * of A with the password of B is refused on HTTPS (never B) and on AMQPS; a connector may say which
 * certificate is its agency's by the whole subject or by a subject alternative name instead of the
 * default CN = agency id, and then the default no longer applies. Real TLS handshakes with the demo CA.
 */
class CertificateIdentityTest extends HubTestSupport {

    @Autowired
    ConnectorRuntime runtime;

    @TempDir
    Path dir;

    Path tls() {
        return Path.of(dataDir, "tls");
    }

    SSLContext as(String agency) {
        return TlsClients.context(tls().resolve("ca.pem"), tls().resolve("agencies/" + agency + ".crt.pem"),
                tls().resolve("agencies/" + agency + ".key.pem"));
    }

    SSLContext issued(String name, String subject, String dnsName) {
        DemoCertificates ca = new DemoCertificates(tls(), TestDates.clock());
        ca.issueClient(subject, dnsName, TestDates.now().minus(Duration.ofDays(1)), TestDates.now().plus(Duration.ofDays(30)),
                dir.resolve(name + ".crt.pem"), dir.resolve(name + ".key.pem"));
        return TlsClients.context(tls().resolve("ca.pem"), dir.resolve(name + ".crt.pem"), dir.resolve(name + ".key.pem"));
    }

    HttpResponse<String> inbox(SSLContext context, String user, String secret) throws Exception {
        return TlsClients.get(TlsClients.http(context), "https://127.0.0.1:" + httpsPort + "/api/v1/inbox?max=1", user, secret);
    }

    @Test
    void theCertificateOfAWithThePasswordOfBIsNeverB() throws Exception {
        HttpResponse<String> asB = inbox(as("omuta-kodomo"), "omuta-jiritsu", "demo-omuta-jiritsu");
        assertThat(asB.statusCode()).as(asB.body()).isEqualTo(401);
        assertThat(asB.body()).contains("CREDENTIALS_CONFLICT");
        assertThat(inbox(as("omuta-kodomo"), "omuta-kodomo", "demo-omuta-kodomo").statusCode()).as("A's own password too").isEqualTo(200);
        assertThat(inbox(as("omuta-kodomo"), null, null).statusCode()).as("the certificate alone").isEqualTo(200);
        assertThat(inbox(as("omuta-kodomo"), "operator", "demo-operator").statusCode()).as("nor an operator's password").isEqualTo(401);

        // AMQPS: A's certificate with B's user and password is no login at all
        JmsConnectionFactory plainAsB = new JmsConnectionFactory("omuta-jiritsu", "demo-omuta-jiritsu",
                "amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=PLAIN");
        plainAsB.setSslContext(as("omuta-kodomo"));
        assertThatThrownBy(() -> plainAsB.createConnection().close()).isInstanceOf(JMSException.class);
    }

    @Test
    void aConnectorMapsItsCertificateBySubjectOrBySanAndTheDefaultThenNoLongerApplies() throws Exception {
        String yaml = """
                agency: {id: omuta-sanka, name: 大牟田市参加支援事業所, kind: other, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_SANKA}
                certificate: {subject: "CN=Sanka Center,O=Omuta City,C=JP"}
                inbound: {transport: broker}
                outbound: {transport: broker}
                """;
        runtime.deploy("omuta-sanka.yaml", yaml, "test-setup");
        assertThat(inbox(issued("by-subject", "CN=Sanka Center, O=Omuta City, C=JP", null), null, null).statusCode())
                .as("the configured subject").isEqualTo(200);
        assertThat(inbox(issued("cn-only", "CN=omuta-sanka, O=jusou-hub demo", null), null, null).statusCode())
                .as("CN = id no longer, once the connector names its certificate").isEqualTo(401);
        assertThat(inbox(issued("near-miss", "CN=Sanka Center, O=Omuta City, C=US", null), null, null).statusCode())
                .as("another subject").isEqualTo(401);

        runtime.deploy("omuta-sanka.yaml", yaml.replace("{subject: \"CN=Sanka Center,O=Omuta City,C=JP\"}", "{san: sanka.omuta.example}"),
                "test-setup");
        SSLContext bySan = issued("by-san", "CN=Anything, O=Vendor", "sanka.omuta.example");
        assertThat(inbox(bySan, null, null).statusCode()).as("the configured SAN").isEqualTo(200);
        assertThat(inbox(issued("other-san", "CN=Anything, O=Vendor", "kodomo.omuta.example"), null, null).statusCode()).isEqualTo(401);

        // the same mapping on AMQPS (SASL EXTERNAL): the certificate sends as omuta-sanka, only to its own queue
        JmsConnectionFactory amqps = new JmsConnectionFactory("amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        amqps.setSslContext(bySan);
        try (Connection connection = amqps.createConnection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            try (MessageProducer own = session.createProducer(session.createQueue("hub.inbound.omuta-sanka"))) {
                own.send(session.createTextMessage(Messages.text(Messages.testConsent("omuta-sanka"))));
            }
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.inbound.omuta-kodomo")).send(session.createTextMessage("{}")))
                    .isInstanceOf(JMSException.class);
        }
    }
}
