package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.Messages;
import jp.jusou.hub.broker.StandaloneBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
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
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("external")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExternalBrokerTest {

    static final List<String> AGENCIES = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai",
            "omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1");
    static Process broker;
    static Path brokerLog;
    static String readyLine;
    static int port;
    static int amqpsPort;
    static DemoCertificates tls;
    static final String KEYSTORE_PASSWORD = "external-keystore-secret";

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory(Path.of("target"), "external-broker-").toAbsolutePath();
        StringBuilder users = new StringBuilder("hub = " + StandaloneBroker.hash("hub-broker-secret-1") + "\n");
        StringBuilder roles = new StringBuilder("HUB = hub\n");
        for (String agency : AGENCIES) {
            users.append(agency).append(" = secret-").append(agency).append('\n');
            roles.append(agency).append(" = ").append(agency).append('\n');
        }
        Files.writeString(dir.resolve("artemis-users.properties"), users);
        Files.writeString(dir.resolve("artemis-roles.properties"), roles);
        brokerLog = dir.resolve("broker.log");
        tls = new DemoCertificates(dir.resolve("tls"), jp.jusou.hub.TestDates.clock()); // the operator's own CA in a deployment
        tls.ensureServer(KEYSTORE_PASSWORD.toCharArray());
        try (ServerSocket socket = new ServerSocket(0)) {
            amqpsPort = socket.getLocalPort();
        }
        broker = startBroker(dir, port);

        registry.add("HUB_BROKER_URL", () -> "tcp://127.0.0.1:" + port + "?sslEnabled=true;trustStorePath=" + tls.trustStore()
                + ";trustStorePassword=" + KEYSTORE_PASSWORD + ";trustStoreType=PKCS12");
        registry.add("HUB_BROKER_PASSWORD", () -> "hub-broker-secret-1");
        // HTTPS with the CA's server certificate, as a deployment's own
        registry.add("HUB_TLS_CERTIFICATE", () -> "file:" + tls.serverCertificate());
        registry.add("HUB_TLS_PRIVATE_KEY", () -> "file:" + tls.serverKey());
        registry.add("HUB_METRICS_PASSWORD", () -> "metrics-secret-0001");
        registry.add("HUB_DB_URL", () -> "jdbc:h2:file:./target/test-data/external-" + port + "/hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("HUB_DB_USER", () -> "hub");
        registry.add("HUB_DB_PASSWORD", () -> "external-db-secret-1");
        registry.add("HUB_OPERATOR_PASSWORD", () -> "operator-secret-001");
        registry.add("HUB_AUDITOR_PASSWORD", () -> "auditor-secret-001");
        registry.add("hub.data-dir", () -> "./target/test-data/external-" + port);
        registry.add("hub.connectors.location", () -> jp.jusou.hub.HubTestSupport.TEST_CONNECTORS);
        for (String agency : AGENCIES) {
            registry.add("HUB_SECRET_" + agency.toUpperCase().replace('-', '_'), () -> "secret-" + agency);
        }
    }

    /** The launcher as bin/broker runs it, on this JVM's class path; waits for its ready line. */
    static Process startBroker(Path dir, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dbroker.host=127.0.0.1", "-Dbroker.port=" + port, "-Dbroker.amqps-port=" + amqpsPort,
                "-Dbroker.keystore=" + tls.serverKeyStore(),
                StandaloneBroker.class.getName(),
                "--config", Path.of("../deploy/artemis/broker.xml").toAbsolutePath().toString(),
                "--data", dir.resolve("data").toString(),
                "--users", dir.resolve("artemis-users.properties").toString(),
                "--roles", dir.resolve("artemis-roles.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(brokerLog.toFile());
        builder.environment().put("BROKER_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly)); // no broker left behind by a killed test run
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            readyLine = Files.readString(brokerLog).lines().filter(line -> line.startsWith(StandaloneBroker.READY)).findFirst().orElse(null);
            if (readyLine != null) {
                System.out.printf("broker ready after %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, readyLine);
                return process;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the broker exited with status " + process.exitValue() + " before it was ready; see " + brokerLog);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the broker was not ready within 90 s; see " + brokerLog);
    }

    /**
     * The hub's routes and listeners first (they stop in a second while their broker is there, and
     * spend half a minute in reconnect back-off when it is gone), then the broker with SIGTERM. The
     * context itself is closed afterwards by the test framework (@DirtiesContext).
     */
    @AfterAll
    static void stopBroker(ConfigurableApplicationContext hub) throws Exception {
        if (broker == null) {
            return; // it never started: startBroker has said why
        }
        hub.stop();
        assertThat(broker.isAlive()).as("the broker still runs at the end; see " + brokerLog).isTrue();
        long start = System.nanoTime();
        broker.destroy(); // SIGTERM
        boolean exited = broker.waitFor(30, TimeUnit.SECONDS);
        System.out.printf("broker stopped after SIGTERM in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        if (!exited) {
            broker.destroyForcibly();
        }
        assertThat(exited).as("the broker exits within 30 s of SIGTERM; see " + brokerLog).isTrue();
        assertThat(broker.exitValue()).as("the broker's exit status after SIGTERM; see " + brokerLog).isZero();
        assertThat(Files.readString(brokerLog)).contains("broker stopped in");
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
