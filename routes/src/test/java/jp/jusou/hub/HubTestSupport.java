package jp.jusou.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole hub per test class, on its embedded default (the demo profile): a real Artemis broker with
 * a persistent journal, a real H2 file database, the demo municipality. Each class gets its own data
 * directory, in-VM broker id and TCP port, and the hub is stopped after the class. Agencies talk to
 * it as they would in production: over TCP as their own broker users, or over HTTP.
 */
@org.junit.jupiter.api.extension.ExtendWith(AfterTheHub.class) // before @SpringBootTest: runs after the context is closed
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class HubTestSupport {

    private static final AtomicInteger BROKER_IDS = new AtomicInteger(100);

    @Value("${hub.broker.acceptor}")
    protected String acceptor;

    /** The demo's plain HTTP connector (127.0.0.1 only). */
    @Value("${hub.http.plain-port}")
    protected int httpPort;

    /** The HTTPS port (the demo CA's server certificate, {@code <data>/tls}). */
    @LocalServerPort
    protected int httpsPort;

    /** The agencies' AMQP-over-TLS port. */
    @Value("${hub.broker.amqps.port}")
    protected int amqpsPort;

    @Value("${hub.data-dir}")
    protected String dataDir;

    private static volatile String consentsGrantedOn;

    /**
     * Once per hub: every 大牟田市 agency registers its test consent (subject H-0042, every agency and
     * data class), so that referrals and case updates made by {@link Messages} have a lawful basis.
     */
    @org.junit.jupiter.api.BeforeEach
    void grantTestConsents() {
        if (acceptor.equals(consentsGrantedOn)) {
            return;
        }
        for (String agency : new String[] {"omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai", "omuta-kodomo",
                "omuta-takikan"}) {
            try (AgencyClient client = agency(agency)) {
                grantTestConsent(client, agency);
            }
        }
        consentsGrantedOn = acceptor;
    }

    /** Sends an agency's test consent and waits until the hub has registered it. */
    public static void grantTestConsent(AgencyClient client, String agency) {
        var consent = Messages.testConsent(agency);
        client.send(Messages.text(consent));
        var report = client.receiveReport(consent.get("messageId").asText(), java.time.Duration.ofSeconds(20));
        if (report == null || !"delivered".equals(report.at("/payload/outcome").asText())) {
            throw new IllegalStateException("test consent of " + agency + " not registered: " + report);
        }
    }

    private static final java.time.Duration REPORT_WAIT = java.time.Duration.ofSeconds(10);

    /** Sends a message as its sender (grouped by its case, if it has one) and returns the hub's delivery report. */
    protected com.fasterxml.jackson.databind.JsonNode sendForReport(com.fasterxml.jackson.databind.node.ObjectNode message) {
        try (AgencyClient sender = agency(message.get("sender").asText())) {
            String caseId = message.path("caseId").asText("");
            sender.send(Messages.text(message), caseId.isEmpty() ? null : "case:" + caseId);
            var report = sender.receiveReport(message.get("messageId").asText(), REPORT_WAIT);
            org.assertj.core.api.Assertions.assertThat(report).as("delivery report").isNotNull();
            return report;
        }
    }

    /** Sends a message, expects it delivered, and checks that every given recipient receives it. */
    protected com.fasterxml.jackson.databind.JsonNode assertDelivered(com.fasterxml.jackson.databind.node.ObjectNode message,
                                                                        String... recipients) {
        var report = sendForReport(message);
        org.assertj.core.api.Assertions.assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
        for (String recipient : recipients) {
            try (AgencyClient client = agency(recipient)) {
                org.assertj.core.api.Assertions.assertThat(client.receiveMessage(message.get("messageId").asText(), REPORT_WAIT))
                        .as(recipient).isNotNull();
            }
        }
        return report;
    }

    /** Sends a message and expects it rejected, with this reason code first. */
    protected void assertRejected(com.fasterxml.jackson.databind.node.ObjectNode message, String code) {
        var report = sendForReport(message);
        org.assertj.core.api.Assertions.assertThat(report.at("/payload/outcome").asText()).isEqualTo("rejected");
        org.assertj.core.api.Assertions.assertThat(report.at("/payload/reasons/0/code").asText()).isEqualTo(code);
    }

    /** The demo municipality with every agency on the broker; tests of other transports deploy them. */
    public static final String TEST_CONNECTORS = "classpath*:test-connectors/*.yaml";

    @DynamicPropertySource
    static void isolatedHub(DynamicPropertyRegistry registry) {
        int id = BROKER_IDS.incrementAndGet();
        int port = freePort();
        String dataDir = "./target/test-data/" + UUID.randomUUID(); // once: the supplier is asked on every read
        registry.add("hub.data-dir", () -> dataDir);
        registry.add("hub.connectors.location", () -> TEST_CONNECTORS);
        registry.add("hub.broker.embedded-id", () -> id);
        registry.add("hub.broker.url", () -> "vm://" + id);
        registry.add("hub.broker.acceptor", () -> "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");
        int amqps = freePort();
        registry.add("hub.broker.amqps.port", () -> amqps);
        int plainHttp = freePort();
        registry.add("hub.http.plain-port", () -> plainHttp);
        registry.add("hub.broker.redelivery-delay-ms", () -> 100);
        registry.add("hub.broker.redelivery-multiplier", () -> 1.5);
        registry.add("hub.broker.max-redelivery-delay-ms", () -> 1000);
        registry.add("hub.broker.max-delivery-attempts", () -> 4);
        registry.add("hub.inbox.visibility-timeout", () -> "PT2S");
        registry.add("hub.operations.queue-depth-interval", () -> "PT1S");
        registry.add("hub.demo.stand-ins.enabled", () -> false); // they would take fixed ports; DemoStandInsTest runs them
    }

    /** The broker URL agencies use (the TCP acceptor without its server-side parameters). */
    protected String brokerUrl() {
        return acceptor.substring(0, acceptor.indexOf('?'));
    }

    protected AgencyClient agency(String id) {
        return new AgencyClient(brokerUrl(), id, "demo-" + id);
    }

    protected HttpAgency http(String id) {
        return new HttpAgency("http://127.0.0.1:" + httpPort, id, "demo-" + id);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
