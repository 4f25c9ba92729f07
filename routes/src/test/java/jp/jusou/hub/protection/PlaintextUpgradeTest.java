package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.platform.DataKeys;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.KeyProperties;
import jp.jusou.hub.platform.MasterKey;
import jp.jusou.hub.platform.Sealing;
import jp.jusou.hub.policy.Consents;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database written before encryption at rest (version 16) holds its bodies in plain text: after
 * the migrations and the start-up upgrade every one of them is sealed (under its subject's key where
 * the body names one), and the hub reads them back as they were. H2 and PostgreSQL; no hub started.
 */
class PlaintextUpgradeTest {

    private static final Timestamp THEN = Timestamp.from(Instant.parse("2026-11-30T01:00:00Z"));
    private static final String BODY = "{\"subject\":{\"hubSubjectId\":\"S-2345-6789\"},\"payload\":{\"summary\":\"古い本文\"}}";

    @TempDir
    Path dir;

    @Test
    void sealsOldRowsOnH2() {
        sealsOldRows(new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", ""));
    }

    @Test
    void sealsOldRowsOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            sealsOldRows(postgres.getPostgresDatabase());
        }
    }

    private void sealsOldRows(DataSource db) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("16").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("INSERT INTO quarantine (quarantine_id, kind, sender, message_id, message_type, reason_codes, reasons_json,"
                + " body_masked, body_bytes, status, quarantined_at) VALUES ('Q-1', 'rejected', 'omuta-houkatsu-1', 'M-Q', 'referral',"
                + " 'SCHEMA_VIOLATION', '[]', ?, 10, 'quarantined', ?)", BODY, THEN);
        jdbc.update("INSERT INTO inbox_message (agency, sender, message_id, envelope_json, received_at) VALUES"
                + " ('omuta-shogai', 'omuta-houkatsu-1', 'M-1', ?, ?)", BODY, THEN);
        jdbc.update("INSERT INTO coordinated_case (municipality, case_id, plan_version, status, team, coordinator, last_message_id,"
                + " last_update_json, updated_at) VALUES ('402028', 'C-1', 1, 'open', 'omuta-takikan', 'omuta-takikan', 'M-C', ?, ?)",
                BODY, THEN);
        jdbc.update("INSERT INTO consent (consent_id, municipality, registered_by, subject_ref, grantees, purposes, data_classes,"
                + " valid_from, valid_until, evidence_method, evidence_form_id, evidence_captured_by, registered_at) VALUES"
                + " ('CN-1', '402028', 'omuta-houkatsu-1', 'S-2345-6789', 'omuta-takikan', 'support', 'summary', ?, NULL, 'written',"
                + " 'F-1', '森山', ?)", java.sql.Date.valueOf("2026-11-01"), THEN);

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        MasterKey master = new MasterKey(new KeyProperties("", true), new HubProperties(dir.toString(), 0, false, null, null, null,
                null, null, null));
        DataKeys keys = new DataKeys(jdbc, master, Clock.systemUTC(), new DataSourceTransactionManager(db));
        Sealing sealing = new Sealing(keys);
        PlaintextUpgrade upgrade = new PlaintextUpgrade(jdbc, sealing, keys, new ObjectMapper());
        upgrade.run(null);

        assertThat(jdbc.queryForObject("SELECT body_masked FROM quarantine", String.class)).startsWith(Sealing.PREFIX + "general:");
        assertThat(jdbc.queryForObject("SELECT envelope_json FROM inbox_message", String.class))
                .startsWith(Sealing.PREFIX + "subject:S-2345-6789:");
        assertThat(jdbc.queryForObject("SELECT hub_subject_id FROM inbox_message", String.class)).isEqualTo("S-2345-6789");
        assertThat(jdbc.queryForObject("SELECT hub_subject_id FROM coordinated_case", String.class)).isEqualTo("S-2345-6789");
        assertThat(new Cases(jdbc, Clock.systemUTC(), sealing).find("402028", "C-1").orElseThrow().lastUpdateJson()).isEqualTo(BODY);
        assertThat(new Consents(jdbc, Clock.systemUTC(), sealing).evidence("CN-1").orElseThrow())
                .isEqualTo(new Consents.Evidence("F-1", "森山"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM consent WHERE evidence_captured_by LIKE ?", Integer.class, "%森山%")).isZero();

        upgrade.run(null); // a second instance starting: nothing left to do, nothing sealed twice
        assertThat(new Cases(jdbc, Clock.systemUTC(), sealing).find("402028", "C-1").orElseThrow().lastUpdateJson()).isEqualTo(BODY);
    }
}
