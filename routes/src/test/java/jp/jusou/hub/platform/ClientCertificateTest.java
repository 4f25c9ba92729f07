package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.TlsClients;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Agency identity by client certificate (mutual TLS) on HTTPS and AMQPS, with the demo CA's
 * certificates in {@code <data>/tls/agencies}: the certificate alone is a login as the agency its
 * subject names, with that agency's rights and no other's; an expired certificate, one from another
 * CA, or one that names no deployed agency is refused. Real handshakes, and on AMQPS also a client in
 * another language (Python, Debian's python3-qpid-proton).
 */
class ClientCertificateTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Path tls() {
        return Path.of(dataDir, "tls");
    }

    private SSLContext as(String agency) {
        return TlsClients.context(tls().resolve("ca.pem"), tls().resolve("agencies/" + agency + ".crt.pem"),
                tls().resolve("agencies/" + agency + ".key.pem"));
    }

    private int inbox(SSLContext context) throws Exception {
        return TlsClients.get(TlsClients.http(context), "https://127.0.0.1:" + httpsPort + "/api/v1/inbox", null, null).statusCode();
    }

    @Test
    void anAgencysCertificateAloneOpensItsInboxAndNoOtherAgencys() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(id, WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        HttpClient takikan = TlsClients.http(as("omuta-takikan"));
        var inbox = TlsClients.get(takikan, "https://127.0.0.1:" + httpsPort + "/api/v1/inbox?max=100", null, null);
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains(id);
        var other = TlsClients.get(TlsClients.http(as("omuta-kodomo")), "https://127.0.0.1:" + httpsPort + "/api/v1/inbox?max=100", null, null);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).as("kodomo's certificate reads kodomo's inbox only").doesNotContain(id);
        // a certificate is an agency's login, never an operator's
        assertThat(TlsClients.get(takikan, "https://127.0.0.1:" + httpsPort + "/api/v1/quarantine", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void withoutACertificateOrSecretTheInboxIsClosed() throws Exception {
        assertThat(inbox(TlsClients.context(tls().resolve("ca.pem"), null, null))).isEqualTo(401);
    }

    @Test
    void aCertificateThatNamesNoDeployedAgencyIsNoLogin(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DemoCertificates ca = new DemoCertificates(tls(), TestDates.clock());
        ca.issueClient("omuta-sanka", TestDates.now().minus(Duration.ofDays(1)), TestDates.now().plus(Duration.ofDays(30)),
                dir.resolve("c.pem"), dir.resolve("k.pem"));
        assertThat(inbox(TlsClients.context(tls().resolve("ca.pem"), dir.resolve("c.pem"), dir.resolve("k.pem")))).isEqualTo(401);
    }

    @Test
    void anExpiredCertificateIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) {
        DemoCertificates ca = new DemoCertificates(tls(), TestDates.clock());
        ca.issueClient("omuta-kodomo", TestDates.now().minus(Duration.ofDays(400)), TestDates.now().minus(Duration.ofDays(1)),
                dir.resolve("c.pem"), dir.resolve("k.pem"));
        SSLContext expired = TlsClients.context(tls().resolve("ca.pem"), dir.resolve("c.pem"), dir.resolve("k.pem"));
        assertThatThrownBy(() -> inbox(expired)).isInstanceOf(IOException.class);
        JmsConnectionFactory amqp = new JmsConnectionFactory("amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        amqp.setSslContext(expired);
        assertThatThrownBy(() -> amqp.createConnection().close()).isInstanceOf(JMSException.class);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) {
        DemoCertificates foreign = new DemoCertificates(dir, TestDates.clock());
        foreign.ensureAgency("omuta-kodomo");
        SSLContext stranger = TlsClients.context(tls().resolve("ca.pem"), foreign.agencyCertificate("omuta-kodomo"),
                foreign.agencyKey("omuta-kodomo"));
        assertThatThrownBy(() -> inbox(stranger)).isInstanceOf(IOException.class);
        JmsConnectionFactory amqp = new JmsConnectionFactory("amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        amqp.setSslContext(stranger);
        assertThatThrownBy(() -> amqp.createConnection().close()).isInstanceOf(JMSException.class);
    }

    @Test
    void overAmqpsTheCertificateAloneSendsAsItsAgencyAndNeverAsAnother() throws Exception {
        ObjectNode referral = Messages.referral("omuta-kodomo", "omuta-houkatsu-1");
        JmsConnectionFactory kodomo = new JmsConnectionFactory("amqps://127.0.0.1:" + amqpsPort + "?amqp.saslMechanisms=EXTERNAL");
        kodomo.setSslContext(as("omuta-kodomo"));
        try (Connection connection = kodomo.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.inbound.omuta-kodomo"))) {
                producer.send(session.createTextMessage(Messages.text(referral)));
            }
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.inbound.omuta-jiritsu")).send(session.createTextMessage("{}")))
                    .as("kodomo's certificate may not send as jiritsu").isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-jiritsu")))
                    .as("nor read jiritsu's copies").isInstanceOf(JMSException.class);
        }
        try (AgencyClient client = agency("omuta-kodomo")) {
            assertThat(client.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
    }

    @Test
    void aPythonAmqpClientSendsWithOmutaKodomosCertificate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ObjectNode referral = Messages.referral("omuta-kodomo", "omuta-houkatsu-1");
        Path body = dir.resolve("message.json");
        Files.writeString(body, Messages.text(referral));
        Path script = dir.resolve("send.py");
        Files.writeString(script, """
                import sys
                from proton import SSLDomain, Message
                from proton.utils import BlockingConnection
                url, ca, cert, key, address, body = sys.argv[1:7]
                ssl = SSLDomain(SSLDomain.MODE_CLIENT)
                ssl.set_trusted_ca_db(ca)
                ssl.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
                ssl.set_credentials(cert, key, None)
                # the certificate names localhost and 127.0.0.1; proton checks the peer by its host name
                connection = BlockingConnection(url, ssl_domain=ssl, sasl_enabled=True, allowed_mechs="EXTERNAL",
                                                virtual_host="localhost")
                connection.create_sender(address).send(Message(body=open(body, encoding="utf-8").read()))
                connection.close()
                print("sent")
                """);
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString(), "amqps://127.0.0.1:" + amqpsPort,
                tls().resolve("ca.pem").toString(), tls().resolve("agencies/omuta-kodomo.crt.pem").toString(),
                tls().resolve("agencies/omuta-kodomo.key.pem").toString(), "hub.inbound.omuta-kodomo", body.toString())
                .redirectErrorStream(true).start();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("the Python client finished").isTrue();
        String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(output).isZero();
        try (AgencyClient client = agency("omuta-kodomo")) {
            assertThat(client.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
    }
}
