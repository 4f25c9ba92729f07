package jp.jusou.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The migrations that scope ids to their owner (V13 inbox by sender, V14 referrals by requester, V15
 * cases by municipality) and mask 個人番号 in stored ids (V16) carry a database of V12 over, row for
 * row, on H2 in PostgreSQL mode and on PostgreSQL. No hub is started: Flyway on a bare database.
 */
class ScopedIdsMigrationTest {

    private static final Timestamp NOW = Timestamp.from(Instant.parse("2026-11-30T01:00:00Z"));

    @Test
    void carriesRowsOverOnH2() {
        DataSource h2 = new DriverManagerDataSource(
                "jdbc:h2:mem:ids-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        carriesRowsOver(h2);
    }

    @Test
    void carriesRowsOverOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            carriesRowsOver(postgres.getPostgresDatabase());
        }
    }

    private static void carriesRowsOver(DataSource db) {
        migrate(db, "12");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("INSERT INTO inbox_message (agency, message_id, envelope_json, received_at, leased_until) VALUES (?, ?, ?, ?, ?)",
                "omuta-shogai", "M-1", "{\"messageId\":\"M-1\",\"sender\":\"omuta-houkatsu-1\"}", NOW, NOW);
        jdbc.update("INSERT INTO inbox_message (agency, message_id, envelope_json, received_at) VALUES (?, ?, ?, ?)",
                "omuta-shogai", "REP-1", "{\"messageId\":\"REP-1\",\"sender\":\"hub\"}", NOW);
        jdbc.update("INSERT INTO referral (referral_id, requester, receiver, created_at, status, respond_by) VALUES (?, ?, ?, ?, ?, ?)",
                "R-2026-0001", "omuta-houkatsu-1", "omuta-takikan", NOW, "accepted", java.sql.Date.valueOf("2026-12-01"));
        jdbc.update("INSERT INTO referral_event (referral_id, seq, status, by_agency, message_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                "R-2026-0001", 1, "requested", "omuta-houkatsu-1", "M-R1", NOW);
        jdbc.update("INSERT INTO referral_event (referral_id, seq, status, by_agency, message_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                "R-2026-0001", 2, "accepted", "omuta-takikan", "M-R2", NOW);
        jdbc.update("INSERT INTO coordinated_case (case_id, municipality, plan_version, status, team, coordinator, last_message_id,"
                + " last_update_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "C-2026-0001", "402028", 2, "open", "omuta-takikan,omuta-jiritsu", "omuta-takikan", "M-C2", "{}", NOW);
        jdbc.update("INSERT INTO quarantine (quarantine_id, kind, sender, message_id, message_type, reason_codes, reasons_json,"
                + " body_masked, body_bytes, status, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "Q-1", "rejected", "omuta-houkatsu-1", "123456789018", "referral", "MY_NUMBER_DETECTED",
                "[{\"code\":\"MY_NUMBER_DETECTED\",\"path\":\"$.payload.１２３４ ５６７８ ９０１８\"}]", "{}", 2, "quarantined", NOW);
        jdbc.update("INSERT INTO message_outcome (outcome_id, sender, message_id, message_type, outcome, report_json, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", "O-1", "omuta-houkatsu-1", "1234-5678-9018", "referral", "rejected",
                "{\"payload\":{\"inReplyTo\":\"1234-5678-9018\",\"outcome\":\"rejected\"}}", NOW);

        migrate(db, null);

        List<Map<String, Object>> inbox = jdbc.queryForList("SELECT sender, message_id, leased_until FROM inbox_message ORDER BY seq");
        assertThat(inbox).extracting(r -> r.get("sender") + "/" + r.get("message_id")).containsExactly("omuta-houkatsu-1/M-1", "hub/REP-1");
        assertThat(inbox.get(0).get("leased_until")).as("the lease is kept").isNotNull();
        jdbc.update("INSERT INTO inbox_message (agency, sender, message_id, envelope_json, received_at) VALUES (?, ?, ?, ?, ?)",
                "omuta-shogai", "omuta-jiritsu", "M-1", "{}", NOW);
        assertThat(jdbc.queryForObject("SELECT MAX(seq) FROM inbox_message", Long.class)).as("new rows come after").isEqualTo(
                jdbc.queryForObject("SELECT seq FROM inbox_message WHERE sender = 'omuta-jiritsu'", Long.class));

        assertThat(jdbc.queryForList("SELECT requester || ' ' || seq || ' ' || status FROM referral_event ORDER BY seq", String.class))
                .containsExactly("omuta-houkatsu-1 1 requested", "omuta-houkatsu-1 2 accepted");
        assertThat(jdbc.queryForObject("SELECT status FROM referral WHERE requester = 'omuta-houkatsu-1' AND referral_id = 'R-2026-0001'",
                String.class)).isEqualTo("accepted");
        jdbc.update("INSERT INTO referral (referral_id, requester, receiver, created_at) VALUES (?, ?, ?, ?)",
                "R-2026-0001", "omuta-houkatsu-2", "omuta-takikan", NOW);

        assertThat(jdbc.queryForObject("SELECT plan_version FROM coordinated_case WHERE municipality = '402028' AND case_id = 'C-2026-0001'",
                Integer.class)).isEqualTo(2);
        jdbc.update("INSERT INTO coordinated_case (case_id, municipality, plan_version, status, team, coordinator, last_message_id,"
                + " last_update_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "C-2026-0001", "402036", 1, "open", "kurume-takikan", "kurume-takikan", "M-K1", "{}", NOW);

        Map<String, Object> quarantined = jdbc.queryForMap("SELECT message_id, reasons_json FROM quarantine");
        assertThat(quarantined.get("message_id")).isEqualTo("************");
        assertThat((String) quarantined.get("reasons_json")).contains("**** **** ****").doesNotContain("１２３４");
        Map<String, Object> outcome = jdbc.queryForMap("SELECT message_id, report_json FROM message_outcome");
        assertThat(outcome.get("message_id")).isEqualTo("****-****-****");
        assertThat((String) outcome.get("report_json")).doesNotContain("5678");
    }

    private static void migrate(DataSource db, String target) {
        var config = Flyway.configure().dataSource(db).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }
}
