package jp.jusou.hub.connectors;

import jp.jusou.hub.Waits;
import static jp.jusou.hub.connectors.FileTransportTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.SftpTestServer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The transports that reach out to the agency's own systems, against real servers in the test: a
 * webhook (JDK HTTP server that refuses twice before it accepts) and SFTP (Apache MINA SSHD).
 */
class RemoteTransportsTest extends HubTestSupport {

    static final String SFTP_PASSWORD = "s3cret-sftp";
    static final String SIGNING_KEY = "kodomo-webhook-signing-key-0001";
    static SshServer sftp;
    static Path sftpRoot;

    @Autowired
    ConnectorRuntime runtime;

    @DynamicPropertySource
    static void sftpPassword(DynamicPropertyRegistry registry) {
        registry.add("HUB_SECRET_SFTP_TEST_PASSWORD", () -> SFTP_PASSWORD);
        registry.add("HUB_SECRET_KODOMO_WEBHOOK_SIGNING", () -> SIGNING_KEY);
    }

    @BeforeAll
    static void startSftpServer() throws Exception {
        sftpRoot = Files.createTempDirectory("sftp-root");
        sftp = SftpTestServer.start(sftpRoot, SFTP_PASSWORD);
    }

    @AfterAll
    static void stopSftpServer() throws Exception {
        sftp.stop(true);
    }

    @Test
    void webhookDeliversEachMessageOnceSignedAfterRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        List<String> signatures = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = calls.incrementAndGet() <= 2 ? 503 : 200; // the agency's system is down at first
            if (status == 200) {
                accepted.add(new String(body, StandardCharsets.UTF_8));
                signatures.add(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            runtime.deploy("omuta-kodomo.yaml", """
                    agency: {id: omuta-kodomo, name: 大牟田市こども家庭センター, kind: kodomo, municipality: "402028"}
                    secret: {env: HUB_SECRET_OMUTA_KODOMO}
                    inbound: {transport: https}
                    outbound:
                      transport: webhook
                      url: http://127.0.0.1:%d/hook
                      signingKey: {env: HUB_SECRET_KODOMO_WEBHOOK_SIGNING}
                      retry: {attempts: 4, initialDelay: PT0.2S, multiplier: 2, maxDelay: PT1S}
                    """.formatted(server.getAddress().getPort()), "test");
            var referral = Messages.referral("omuta-houkatsu-2", "omuta-kodomo");
            assertThat(sendForReport(referral).at("/payload/outcome").asText()).isEqualTo("delivered");
            String id = referral.get("messageId").asText();
            await(() -> accepted.stream().anyMatch(b -> b.contains(id)));
            Waits.holds("delivered once", java.time.Duration.ofMillis(1500), () -> accepted.stream().filter(b -> b.contains(id)).count() == 1);
            assertThat(calls.get()).as("two refusals, then accepted").isEqualTo(3);
            String body = accepted.stream().filter(b -> b.contains(id)).findFirst().orElseThrow();
            // signed with the webhook's own signing key, not with the agency's login secret
            assertThat(signatures.get(0)).isEqualTo("sha256=" + hmac(SIGNING_KEY, body))
                    .isNotEqualTo("sha256=" + hmac("demo-omuta-kodomo", body));
            assertThat(Messages.JSON.readTree(body).at("/payload/referralId").asText()).isEqualTo(referral.at("/payload/referralId").asText());
        } finally {
            server.stop(0);
        }
    }

    static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sftpBothWays() throws Exception {
        runtime.deploy("omuta-houkatsu-2.yaml", """
                agency: {id: omuta-houkatsu-2, name: 大牟田市第2地域包括支援センター, kind: houkatsu, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_HOUKATSU_2}
                inbound:
                  transport: sftp
                  host: 127.0.0.1
                  port: %1$d
                  path: /exchange/to-hub
                  username: jusou-hub
                  password: {env: HUB_SECRET_SFTP_TEST_PASSWORD}
                  format: csv
                  mapping: carelink-houkatsu-v3
                  stableFor: PT1S
                  schedule: {pollInterval: PT1S}
                outbound:
                  transport: sftp
                  host: 127.0.0.1
                  port: %1$d
                  path: /exchange/from-hub
                  username: jusou-hub
                  password: {env: HUB_SECRET_SFTP_TEST_PASSWORD}
                  format: json
                """.formatted(sftp.getPort()), "test");
        // the agency's system drops its export on its own server; the hub fetches it and leaves the report beside it
        Path toHub = Files.createDirectories(sftpRoot.resolve("exchange/to-hub"));
        Files.copy(FileTransportTest.SAMPLE, toHub.resolve("referrals.csv"));
        Path report = toHub.resolve("done/referrals.csv.report.json");
        await(() -> Files.exists(report) && Files.exists(toHub.resolve("done/referrals.csv")));
        assertThat(Messages.JSON.readTree(report.toFile()).at("/counts/accepted").asInt()).isEqualTo(5);

        // what the hub has for the center is written to its server as JSON files
        var referral = Messages.referral("omuta-takikan", "omuta-houkatsu-2");
        assertThat(sendForReport(referral).at("/payload/outcome").asText()).isEqualTo("delivered");
        String id = referral.get("messageId").asText();
        Path fromHub = sftpRoot.resolve("exchange/from-hub");
        await(() -> !FileTransportTest.files(fromHub, id).isEmpty());
        Path file = FileTransportTest.files(fromHub, id).get(0);
        assertThat(file.getFileName().toString()).endsWith(".json");
        assertThat(Messages.JSON.readTree(file.toFile()).path("messageId").asText()).isEqualTo(id);
    }
}
