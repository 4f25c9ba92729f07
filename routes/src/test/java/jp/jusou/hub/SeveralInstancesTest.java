package jp.jusou.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.connectors.ConnectorRegistry;
import jp.jusou.hub.connectors.ConnectorRuntime;
import jp.jusou.hub.operations.Dashboard;
import jp.jusou.hub.platform.HubInstance;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.apache.camel.CamelContext;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two hub instances on one PostgreSQL and one broker (the second instance connects to the first's
 * embedded broker over TCP, as instances share an external broker in production): each file of a
 * watched directory or an agency's SFTP server is read by one of them, a scheduled job runs on one at a time and is taken over
 * when its holder dies or stops, a bulk replay whose instance died is resumed by another, the console
 * shows the same on both, and an undeploy on one waits for what the other has in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesTest extends HubTestSupport {

    private static final String BROKER_PASSWORD = "several-instances-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SharedDatabase database;
    private static ConfigurableApplicationContext other;
    private static final String SFTP_PASSWORD = "sftp-" + UUID.randomUUID();
    private static SshServer sftp;
    private static Path sftpRoot;
    /** The exchange root both instances share (file-transport directories must stay under it). */
    private static final Path EXCHANGE = Path.of("target/test-data/shared-exchange-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void sharedDatabaseAndBroker(DynamicPropertyRegistry registry) throws Exception {
        database = AfterTheHub.closeAfter(SeveralInstancesTest.class, SharedDatabase.start()); // outlives both hubs
        database.register(registry);
        registry.add("hub.broker.password", () -> BROKER_PASSWORD); // the other instance logs in as the hub too
        registry.add("hub.operations.replay-takeover-interval", () -> "PT1S");
        registry.add("hub.operations.replay-lease", () -> "PT5S");
        registry.add("HUB_SECRET_SFTP_TEST_PASSWORD", () -> SFTP_PASSWORD);
        registry.add("hub.connectors.exchange-dir", EXCHANGE::toString);
    }

    /** The agency's SFTP server (Apache MINA SSHD) that both instances poll. */
    @BeforeAll
    static void startSftpServer() throws Exception {
        sftpRoot = Files.createTempDirectory("sftp-root");
        sftp = SftpTestServer.start(sftpRoot, SFTP_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sftp != null) {
            sftp.stop(true);
        }
        if (other != null) {
            other.close(); // the second hub now, while the database is there; the first after the class (AfterTheHub)
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectorRuntime runtime;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    @Autowired
    HubInstance instance;

    @Autowired
    Dashboard dashboard;

    @Autowired
    Clock clock;

    @BeforeEach
    void otherInstance() {
        if (other == null) {
            other = database.startOther("--hub.broker.embedded=false", "--hub.broker.url=" + brokerUrl(),
                    "--hub.broker.password=" + BROKER_PASSWORD, "--hub.broker.amqps.enabled=false",
                    "--hub.operations.queue-depth-interval=PT1S", "--hub.operations.replay-takeover-interval=PT1S",
                    "--hub.operations.replay-lease=PT5S", "--HUB_SECRET_SFTP_TEST_PASSWORD=" + SFTP_PASSWORD,
                    "--hub.connectors.exchange-dir=" + EXCHANGE);
        }
    }

    @Test
    @Order(1)
    void eachFileOfASharedDirectoryIsReadByOneInstance() throws Exception {
        Path shared = Files.createDirectories(EXCHANGE.resolve("omuta-shogai"));
        String yaml = Files.readString(Path.of("src/test/resources/test-connectors/omuta-shogai.yaml"))
                .replace("inbound: {transport: broker}", "inbound:\n  transport: file\n  directory: " + shared
                        + "\n  format: json\n  stableFor: PT1S\n  schedule: {pollInterval: PT1S}");
        int version = runtime.deploy("omuta-shogai.yaml", yaml, "test").version();
        ConnectorRuntime otherRuntime = other.getBean(ConnectorRuntime.class);
        await().atMost(WAIT).until(() -> otherRuntime.status("omuta-shogai").map(s -> s.version() == version).orElse(false));

        int files = 8;
        int rows = 3;
        List<String> ids = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder ndjson = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                ObjectNode referral = Messages.referral("omuta-shogai", "omuta-takikan");
                ids.add(referral.get("messageId").asText());
                ndjson.append(Messages.text(referral)).append('\n');
            }
            Path staged = Files.writeString(shared.getParent().resolve("referrals-" + f + ".ndjson"), ndjson, StandardCharsets.UTF_8);
            Files.move(staged, shared.resolve(staged.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> outcomes("omuta-shogai", id) >= 1));
        MeterRegistry otherMeters = other.getBean(MeterRegistry.class);
        // both instances polled the directory all along; together they read each file exactly once
        await().during(Duration.ofSeconds(4)).atMost(WAIT)
                .until(() -> filesRead(meters) + filesRead(otherMeters) == files);
        for (String id : ids) {
            assertThat(jdbc.queryForList("SELECT outcome FROM message_outcome WHERE sender = ? AND message_id = ?", String.class,
                    "omuta-shogai", id)).as("one outcome per row").containsExactly("delivered");
        }
        try (var done = Files.list(shared.resolve("done"))) {
            assertThat(done.filter(p -> p.toString().endsWith(".ndjson")).count()).isEqualTo(files);
        }
        assertThat(shared.resolve("error")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        System.out.printf("files read: this instance %d, the other %d%n", (long) filesRead(meters), (long) filesRead(otherMeters));
    }

    @Test
    @Order(2)
    void eachFileOnAnSftpServerIsReadByOneInstance() throws Exception {
        String agency = "omuta-houkatsu-2";
        int version = runtime.deploy(agency + ".yaml", """
                agency: {id: omuta-houkatsu-2, name: 大牟田市第2地域包括支援センター, kind: houkatsu, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_HOUKATSU_2}
                inbound:
                  transport: sftp
                  host: 127.0.0.1
                  port: %d
                  path: /exchange/to-hub
                  username: jusou-hub
                  password: {env: HUB_SECRET_SFTP_TEST_PASSWORD}
                  format: json
                  stableFor: PT1S
                  schedule: {pollInterval: PT1S}
                outbound: {transport: broker}
                """.formatted(sftp.getPort()), "test").version();
        ConnectorRuntime otherRuntime = other.getBean(ConnectorRuntime.class);
        await().atMost(WAIT).until(() -> otherRuntime.status(agency).map(s -> s.version() == version).orElse(false));

        Path toHub = Files.createDirectories(sftpRoot.resolve("exchange/to-hub"));
        int files = 6;
        List<String> ids = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder ndjson = new StringBuilder();
            for (int r = 0; r < 2; r++) {
                ObjectNode referral = Messages.referral(agency, "omuta-takikan");
                ids.add(referral.get("messageId").asText());
                ndjson.append(Messages.text(referral)).append('\n');
            }
            Path staged = Files.writeString(sftpRoot.resolve("referrals-" + f + ".ndjson"), ndjson, StandardCharsets.UTF_8);
            Files.move(staged, toHub.resolve(staged.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> outcomes(agency, id) >= 1));
        MeterRegistry otherMeters = other.getBean(MeterRegistry.class);
        await().during(Duration.ofSeconds(4)).atMost(WAIT)
                .until(() -> filesRead(meters, agency) + filesRead(otherMeters, agency) == files);
        for (String id : ids) {
            assertThat(outcomes(agency, id)).as("one outcome per row").isEqualTo(1);
        }
        System.out.printf("sftp files read: this instance %d, the other %d%n", (long) filesRead(meters, agency),
                (long) filesRead(otherMeters, agency));
    }

    private static double filesRead(MeterRegistry registry) {
        return filesRead(registry, "omuta-shogai");
    }

    private static double filesRead(MeterRegistry registry, String agency) {
        Counter counter = registry.find("hub.connectors.files.read").tag("agency", agency).counter();
        return counter == null ? 0 : counter.count();
    }

    private int outcomes(String sender, String messageId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE sender = ? AND message_id = ?", Integer.class,
                sender, messageId);
        return n == null ? 0 : n;
    }

    @Test
    @Order(3)
    void theConsoleShowsTheSameOnBothInstances() {
        runtime.pause("omuta-kodomo", "test");
        Dashboard otherDashboard = other.getBean(Dashboard.class);
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> here = withoutTime(dashboard.overview());
            Map<String, Object> there = withoutTime(otherDashboard.overview());
            assertThat(((List<?>) ((Map<?, ?>) ((Map<?, ?>) here.get("series")).get("queues")).get("t"))).as("queue samples").isNotEmpty();
            assertThat(there).isEqualTo(here);
        });
        Map<String, Object> there = otherDashboard.overview();
        assertThat(((List<?>) there.get("agencies")).stream().map(a -> (Map<?, ?>) a)
                .filter(a -> "omuta-kodomo".equals(a.get("agencyId"))).map(a -> (Object) ((Map<?, ?>) a.get("connector")).get("state")).toList())
                .containsExactly("paused");
        runtime.resume("omuta-kodomo", "test");
    }

    private static Map<String, Object> withoutTime(Map<String, Object> overview) {
        Map<String, Object> copy = new LinkedHashMap<>(overview);
        copy.remove("generatedAt");
        return copy;
    }

    @Test
    @Order(4)
    void queueSamplesAreTakenOnOneInstanceAtATimeAndTakenOverFromADeadHolder() throws Exception {
        Timestamp since = Timestamp.from(clock.instant());
        await().atMost(WAIT).until(() -> samplesSince(since).size() >= 6);
        List<Timestamp> times = samplesSince(since);
        for (int i = 1; i < times.size(); i++) {
            long apart = times.get(i).getTime() - times.get(i - 1).getTime();
            assertThat(apart).as("two instances never sample the same interval (1 s)").isGreaterThanOrEqualTo(800);
        }

        // an instance that dies holding the lock (it took the lock and never released it): no one samples
        // until the lock's lockAtMostFor has passed, then a live instance takes over
        JdbcTemplateLockProvider dead = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc).usingDbTime().build());
        SimpleLock[] held = new SimpleLock[1];
        // the live instances hold the lock for at least an interval and take it again soon after: only a
        // quick poll finds it free in between
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            held[0] = dead.lock(new LockConfiguration(ClockProvider.now(), "queue-samples", Duration.ofSeconds(6), Duration.ZERO))
                    .orElse(null);
            return held[0] != null;
        });
        int before = countSamples();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> countSamples() == before);
        await().atMost(Duration.ofSeconds(20)).until(() -> countSamples() > before);
    }

    private List<Timestamp> samplesSince(Timestamp since) {
        return jdbc.queryForList("SELECT sampled_at FROM queue_sample WHERE sampled_at >= ? ORDER BY sampled_at", Timestamp.class, since);
    }

    private int countSamples() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM queue_sample", Integer.class);
        return n == null ? 0 : n;
    }

    @Test
    @Order(5)
    void aBulkReplayWhoseInstanceDiedIsResumedByAnother() {
        String job = "J-" + UUID.randomUUID();
        Timestamp created = Timestamp.from(clock.instant().minus(Duration.ofMinutes(5)));
        Timestamp expired = Timestamp.from(clock.instant().minus(Duration.ofSeconds(1)));
        jdbc.update("INSERT INTO replay_job (job_id, created_by, created_at, status, total, replayed, skipped, cancel_requested,"
                + " lease_owner, lease_until) VALUES (?, 'operator', ?, 'running', 3, 0, 0, FALSE, 'a-dead-instance', ?)", job, created, expired);
        for (int i = 0; i < 3; i++) {
            // quarantine ids no longer quarantined (replayed or discarded meanwhile): each is skipped
            jdbc.update("INSERT INTO replay_job_item (job_id, seq, quarantine_id, status) VALUES (?, ?, ?, 'pending')", job, i,
                    "Q-GONE-" + UUID.randomUUID());
        }
        await().atMost(WAIT).until(() -> "finished".equals(jdbc.queryForObject("SELECT status FROM replay_job WHERE job_id = ?",
                String.class, job)));
        Map<String, Object> row = jdbc.queryForMap("SELECT skipped, lease_owner FROM replay_job WHERE job_id = ?", job);
        assertThat(((Number) row.get("skipped")).intValue()).isEqualTo(3);
        assertThat(row.get("lease_owner")).isIn(instance.id(), other.getBean(HubInstance.class).id());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'bulk-replay-resume' AND target = ?",
                Integer.class, job)).as("resumed by one instance").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT status FROM replay_job_item WHERE job_id = ?", String.class, job))
                .containsOnly("skipped").hasSize(3);
    }

    @Test
    @Order(6)
    void anUndeployOnOneInstanceWaitsForWhatTheOtherHasInFlight() throws Exception {
        String agency = "omuta-jiritsu";
        String intake = "intake-broker-" + agency;
        camel.getRouteController().stopRoute(intake, 30, TimeUnit.SECONDS); // only the other instance takes this agency's messages
        CamelContext otherCamel = other.getBean(CamelContext.class);
        ObjectNode referral = Messages.referral(agency, "omuta-takikan");
        String id = referral.get("messageId").asText();
        CompletableFuture<Void> undeploy;
        try (Connection stall = database.postgres().getPostgresDatabase().getConnection()) {
            stall.setAutoCommit(false);
            try (Statement st = stall.createStatement()) {
                st.execute("LOCK TABLE message_outcome IN SHARE MODE"); // every outcome write waits: the other instance's too
            }
            try (AgencyClient client = agency(agency)) {
                client.send(Messages.text(referral));
            }
            await().atMost(WAIT).until(() -> otherCamel.getInflightRepository().size(intake) == 1);

            undeploy = CompletableFuture.runAsync(() -> runtime.undeploy(agency, "test"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !undeploy.isDone());
            stall.rollback(); // the other instance finishes its message
        }
        undeploy.get(60, TimeUnit.SECONDS);
        assertThat(outcomes(agency, id)).as("the other instance's message was recorded before the undeploy went on").isEqualTo(1);
        assertThat(other.getBean(ConnectorRegistry.class).state(agency).orElseThrow().activeVersion()).isNull();
    }

    @Test
    @Order(7)
    void whenTheSamplingInstanceStopsTheOtherTakesOver() {
        String otherId = other.getBean(HubInstance.class).id();
        other.close();
        other = null;
        Timestamp since = Timestamp.from(clock.instant());
        await().atMost(WAIT).until(() -> jdbc.queryForList("SELECT sampled_by FROM queue_sample WHERE sampled_at > ?", String.class,
                since).size() >= 3);
        assertThat(jdbc.queryForList("SELECT sampled_by FROM queue_sample WHERE sampled_at > ?", String.class, since))
                .containsOnly(instance.id()).doesNotContain(otherId);
    }
}
