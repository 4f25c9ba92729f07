package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TlsClients;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The demo on its secure path, with real TLS handshakes: HTTPS and AMQPS answer a client that trusts
 * the demo CA ({@code <data>/tls/ca.pem}, created on first start) and nothing else; a plain request to a
 * TLS port gets nothing; anonymous callers see only the bare health status, metrics need the scrape
 * credential or an operator.
 */
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class TlsTest extends HubTestSupport {

    private Path tls() {
        return Path.of(dataDir, "tls");
    }

    private HttpClient https() {
        return TlsClients.http(TlsClients.context(tls().resolve("ca.pem"), null, null));
    }

    private String httpsUrl(String path) {
        return "https://127.0.0.1:" + httpsPort + path;
    }

    @Test
    void theDemoCreatesItsCaServerAndAgencyCertificates() {
        assertThat(tls().resolve("ca.pem")).isRegularFile();
        assertThat(tls().resolve("server.crt.pem")).isRegularFile();
        for (String agency : new String[] {"omuta-kodomo", "omuta-jiritsu", "kurume-houkatsu-1"}) {
            assertThat(tls().resolve("agencies/" + agency + ".crt.pem")).isRegularFile();
            assertThat(tls().resolve("agencies/" + agency + ".key.pem")).isRegularFile();
        }
    }

    @Test
    void httpsHealthAnswersAClientThatTrustsTheDemoCa() throws Exception {
        HttpResponse<String> health = TlsClients.get(https(), httpsUrl("/actuator/health"), null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Messages.JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(health.sslSession()).get().extracting(s -> s.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aClientThatDoesNotTrustTheDemoCaIsRefused() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(httpsUrl("/actuator/health"))).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void aPlainRequestToTheHttpsPortGetsNoAnswer() {
        HttpResponse<String> plain;
        try {
            plain = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + httpsPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception refused) {
            return; // the connection was dropped
        }
        // Tomcat answers a plain request on a TLS port with 400 "requires TLS", never with the resource
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("UP");
    }

    @Test
    void metricsNeedTheScrapeCredentialOrAnOperator() throws Exception {
        HttpClient https = https();
        assertThat(TlsClients.get(https, httpsUrl("/actuator/prometheus"), null, null).statusCode()).isEqualTo(401);
        assertThat(TlsClients.get(https, httpsUrl("/actuator/prometheus"), "omuta-kodomo", "demo-omuta-kodomo").statusCode())
                .isEqualTo(403);
        assertThat(TlsClients.get(https, httpsUrl("/actuator/prometheus"), "prometheus", "wrong-password").statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = TlsClients.get(https, httpsUrl("/actuator/prometheus"), "prometheus", "demo-prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("hub_queue_depth");
        assertThat(TlsClients.get(https, httpsUrl("/actuator/prometheus"), "operator", "demo-operator").statusCode()).isEqualTo(200);
        // the scrape credential reads metrics, nothing else
        assertThat(TlsClients.get(https, httpsUrl("/api/v1/quarantine"), "prometheus", "demo-prometheus").statusCode()).isEqualTo(403);
        assertThat(TlsClients.get(https, httpsUrl("/actuator/info"), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthDetailsNeedAnOperator() throws Exception {
        var bare = Messages.JSON.readTree(TlsClients.get(https(), httpsUrl("/actuator/health"), null, null).body());
        assertThat(bare.has("components")).isFalse();
        var agency = Messages.JSON.readTree(TlsClients.get(https(), httpsUrl("/actuator/health"), "omuta-kodomo", "demo-omuta-kodomo").body());
        assertThat(agency.has("components")).as("an agency is not an operator").isFalse();
        var operator = Messages.JSON.readTree(TlsClients.get(https(), httpsUrl("/actuator/health"), "operator", "demo-operator").body());
        assertThat(operator.at("/components/db/status").asText()).isEqualTo("UP");
    }

    @Test
    void anAgencySendsOverAmqpsWithAJavaAmqpClientThatTrustsTheDemoCa() throws Exception {
        ObjectNode referral = Messages.referral("omuta-kodomo", "omuta-houkatsu-1");
        JmsConnectionFactory factory = new JmsConnectionFactory("omuta-kodomo", "demo-omuta-kodomo", "amqps://127.0.0.1:" + amqpsPort);
        factory.setSslContext(TlsClients.context(tls().resolve("ca.pem"), null, null));
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue("hub.inbound.omuta-kodomo"))) {
            producer.send(session.createTextMessage(Messages.text(referral)));
        }
        try (AgencyClient kodomo = agency("omuta-kodomo")) {
            var report = kodomo.receiveReport(referral.get("messageId").asText(), Duration.ofSeconds(10));
            assertThat(report).as("the hub took the message sent over AMQPS").isNotNull();
            assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
        }
    }

    @Test
    void amqpsRefusesAClientThatDoesNotTrustTheDemoCaAndAPlainAmqpClient() throws Exception {
        SSLContext jvmDefault = SSLContext.getDefault();
        JmsConnectionFactory untrusting = new JmsConnectionFactory("omuta-kodomo", "demo-omuta-kodomo", "amqps://127.0.0.1:" + amqpsPort);
        untrusting.setSslContext(jvmDefault);
        assertThatThrownBy(() -> untrusting.createConnection().close()).isInstanceOf(JMSException.class);
        JmsConnectionFactory plain = new JmsConnectionFactory("omuta-kodomo", "demo-omuta-kodomo",
                "amqp://127.0.0.1:" + amqpsPort + "?jms.connectTimeout=10000");
        assertThatThrownBy(() -> plain.createConnection().close()).isInstanceOf(JMSException.class);
    }

    @Test
    void theCertificatesAreKeptAcrossRestarts() throws Exception {
        byte[] ca = Files.readAllBytes(tls().resolve("ca.pem"));
        byte[] kodomo = Files.readAllBytes(tls().resolve("agencies/omuta-kodomo.crt.pem"));
        DemoCertificates again = new DemoCertificates(tls(), jp.jusou.hub.TestDates.clock());
        again.ensureServer("demo-keystore".toCharArray());
        again.ensureAgency("omuta-kodomo");
        assertThat(Files.readAllBytes(tls().resolve("ca.pem"))).isEqualTo(ca);
        assertThat(Files.readAllBytes(tls().resolve("agencies/omuta-kodomo.crt.pem"))).isEqualTo(kodomo);
    }
}
