package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How many SQL statements one delivered referral costs, counted by H2 itself
 * ({@code SET QUERY_STATISTICS TRUE}, {@code information_schema.query_statistics}: every execution of
 * every statement in the database, whichever connection ran it). The benchmark's message: a referral
 * with a consent basis from omuta-kodomo to omuta-takikan about a subject the hub already knows,
 * through the pipeline, its confirmation and the report. The scheduled jobs are slowed down so that
 * they do not run during the count, and only statements on the pipeline's tables are counted (no
 * aggregate: those are the console's and the alerts' figures).
 * benchmark/README.md records the figures (15 before the performance work, 12 after).
 */
class SqlPerMessageTest extends HubTestSupport {

    private static final Logger log = LoggerFactory.getLogger(SqlPerMessageTest.class);

    /** The pipeline's tables and sequence: what a delivered message reads and writes. */
    private static final Pattern PIPELINE = Pattern.compile("\\b(delivered_message|message_outcome|coordinated_case|subject_identity"
            + "|consent|meeting|referral|referral_event|disclosure|disclosure_seq|data_key|quarantine|inbox_message)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * The console's and the alert evaluation's figures (counts per agency, outcome, quarantine kind):
     * aggregates over the tables, never per-message work. Left out, since on a loaded machine the alert
     * evaluation's first run (3 s after the start, under its lock) came late enough to fall into the count.
     */
    private static final Pattern AGGREGATE = Pattern.compile("\\bGROUP BY\\b", Pattern.CASE_INSENSITIVE);

    private static final int MESSAGES = 20;

    @DynamicPropertySource
    static void quietSchedules(DynamicPropertyRegistry registry) {
        registry.add("hub.connectors.poll-interval", () -> "PT1H");
        registry.add("hub.alerts.evaluation-interval", () -> "PT1H");
        registry.add("hub.ledger.seal-interval", () -> "PT1H");
        registry.add("hub.operations.queue-depth-interval", () -> "PT1H");
        registry.add("hub.coordination.overdue-check-interval", () -> "PT1H");
        registry.add("hub.retention.interval", () -> "PT1H");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    /** The wall time the context's start-up date is taken in (not the hub's Clock, which tests may move). */
    private static long clockMillis() {
        return System.currentTimeMillis();
    }

    @Test
    void aDeliveredReferralCostsTwelveStatements() {
        try (AgencyClient kodomo = agency("omuta-kodomo"); AgencyClient takikan = agency("omuta-takikan")) {
            deliver(kodomo, takikan); // the subject's first mapping and the first of everything: not counted
            // every scheduled job's first run (the last, the overdue check, 5 s after the start) is over
            // before the count; their next runs are an hour away
            await("the scheduled jobs' first runs").atMost(Duration.ofSeconds(30))
                    .until(() -> clockMillis() - context.getStartupDate() > 8_000);
            // the overdue check reads the referral table; its first run comes 5 s after the scheduler starts,
            // which on a loaded machine is well after the start-up date: wait until ShedLock shows it over
            // (while it runs, its lock holds until 10 minutes after it was taken; once over, until its end)
            await("the overdue check's first run").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM shedlock WHERE name = 'overdue-referrals' AND lock_until < DATEADD(MINUTE, 5, locked_at)",
                    Integer.class) == 1);
            jdbc.execute("SET QUERY_STATISTICS TRUE");
            Map<String, Long> before = statistics();
            for (int i = 0; i < MESSAGES; i++) {
                deliver(kodomo, takikan);
            }
            Map<String, Long> after = statistics();
            Map<String, Long> executed = new HashMap<>();
            after.forEach((sql, count) -> {
                long n = count - before.getOrDefault(sql, 0L);
                if (n > 0 && PIPELINE.matcher(sql).find() && !sql.contains("query_statistics") && !AGGREGATE.matcher(sql).find()) {
                    executed.put(sql, n);
                }
            });
            long total = executed.values().stream().mapToLong(Long::longValue).sum();
            executed.forEach((sql, n) -> log.info("{} x{}", sql, n)); // statement texts with ? parameters: no values
            log.info("SQL statements per delivered referral: {} ({} over {} messages)", (double) total / MESSAGES, total, MESSAGES);
            assertThat(total).as("statements per message x " + MESSAGES).isEqualTo(12L * MESSAGES);
            // every write happens once per message (no write repeated, none left out)
            assertThat(executed.entrySet().stream().filter(e -> e.getKey().startsWith("INSERT") || e.getKey().startsWith("UPDATE"))
                    .map(Map.Entry::getValue).distinct().toList()).containsExactly((long) MESSAGES);
        }
    }

    private void deliver(AgencyClient sender, AgencyClient receiver) {
        ObjectNode referral = Messages.referral("omuta-kodomo", "omuta-takikan");
        String messageId = "SQL-" + UUID.randomUUID();
        referral.put("messageId", messageId);
        sender.send(Messages.text(referral), "case:" + referral.path("caseId").asText());
        JsonNode report = sender.receiveReport(messageId, Duration.ofSeconds(30)); // sent once the confirmation committed
        assertThat(report).as("report of " + messageId).isNotNull();
        assertThat(report.at("/payload/outcome").asText()).as(report.at("/payload/reasons").toString()).isEqualTo("delivered");
        assertThat(receiver.receiveMessage(messageId, Duration.ofSeconds(30))).as("copy of " + messageId).isNotNull();
    }

    private Map<String, Long> statistics() {
        Map<String, Long> counts = new HashMap<>();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT sql_statement, execution_count FROM information_schema.query_statistics");
        for (Map<String, Object> row : rows) {
            counts.put((String) row.get("sql_statement"), ((Number) row.get("execution_count")).longValue());
        }
        return counts;
    }
}
