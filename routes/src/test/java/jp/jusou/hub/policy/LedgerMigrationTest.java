package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * V17/V18 carry a ledger written with the old SHA-256 chain over, on H2 (PostgreSQL mode) and on
 * PostgreSQL: the old entries still verify, new entries are keyed and numbered after them, the first
 * seal covers both, and a change to an old entry is still named. No hub is started.
 */
class LedgerMigrationTest {

    private static final Instant THEN = Instant.parse("2026-11-01T01:00:00Z");

    @TempDir
    Path keyDir;

    @Test
    void oldChainStillVerifiesOnH2() throws Exception {
        carriesTheChainOver(new DriverManagerDataSource("jdbc:h2:mem:ledger-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", ""));
    }

    @Test
    void oldChainStillVerifiesOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            carriesTheChainOver(postgres.getPostgresDatabase());
        }
    }

    private void carriesTheChainOver(DataSource db) throws Exception {
        migrate(db, "16");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String previous = DisclosureLedger.GENESIS;
        for (long seq = 1; seq <= 3; seq++) {
            DisclosureLedger.Entry e = new DisclosureLedger.Entry(seq, "disclosed", THEN.plusSeconds(seq), "M-" + seq, "omuta-houkatsu-1",
                    "referral", "S-1", null, "omuta-takikan", "identity,summary", "", "consent", "CN-1", false, previous, null, null, null);
            String hash = e.computeHash();
            jdbc.update("INSERT INTO disclosure (seq, kind, recorded_at, message_id, sender, message_type, subject_ref, case_id, recipient,"
                    + " data_classes, redacted_classes, legal_basis, basis_ref, review_required, prev_hash, entry_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", seq, e.kind(), Timestamp.from(e.recordedAt()),
                    e.messageId(), e.sender(), e.messageType(), e.subjectRef(), null, e.recipient(), e.dataClasses(), "",
                    e.legalBasis(), e.basisRef(), false, previous, hash);
            jdbc.update("UPDATE ledger_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
            previous = hash;
        }

        migrate(db, null);

        LedgerKeys keys = keys();
        Clock clock = Clock.fixed(THEN.plusSeconds(3600), ZoneOffset.UTC);
        DisclosureLedger ledger = new DisclosureLedger(jdbc, clock, keys, new LegalBases(List.of(new NoBasis())));
        assertThat(ledger.verify().intact()).isTrue();
        ledger.record(List.of(new DisclosureLedger.Disclosure("M-4", "omuta-houkatsu-1", "referral", "S-1", null, "omuta-jiritsu",
                "identity", "", "consent", "CN-1", false)));
        DisclosureLedger.Entry fresh = ledger.forMessage("omuta-houkatsu-1", "M-4").get(0);
        assertThat(fresh.seq()).as("numbered after the old entries").isEqualTo(4);
        assertThat(fresh.keyId()).isEqualTo("k1");
        assertThat(fresh.mac()).hasSize(64);

        LedgerSealer sealer = new LedgerSealer(jdbc, new TransactionTemplate(new DataSourceTransactionManager(db)), keys, clock,
                new LedgerProperties(10_000, java.time.Duration.ofSeconds(10)));
        assertThat(sealer.seal()).as("the first seal covers the old entries too").isEqualTo(4);
        assertThat(sealer.seal()).isZero();
        DisclosureLedger.Verification intact = ledger.verify();
        assertThat(intact.intact()).as(String.valueOf(intact.problem())).isTrue();
        assertThat(intact.entries()).isEqualTo(4);

        jdbc.update("UPDATE disclosure SET recipient = 'omuta-kodomo' WHERE seq = 2");
        DisclosureLedger.Verification changed = ledger.verify();
        assertThat(changed.firstBrokenSeq()).isEqualTo(2);
        assertThat(changed.problem()).contains("hash");
        jdbc.update("UPDATE disclosure SET recipient = 'omuta-takikan' WHERE seq = 2");

        Map<String, Object> third = jdbc.queryForMap("SELECT * FROM disclosure WHERE seq = 3");
        jdbc.update("DELETE FROM disclosure WHERE seq = 3");
        DisclosureLedger.Verification removed = ledger.verify();
        assertThat(removed.firstBrokenSeq()).isEqualTo(3);
        assertThat(removed.problem()).contains("missing");
        assertThat(third).isNotEmpty();
    }

    private LedgerKeys keys() throws Exception {
        Path file = keyDir.resolve("k1.key");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        return new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", "file:" + file)
                .withProperty("hub.ledger.active-key", "k1"));
    }

    private static void migrate(DataSource db, String target) {
        var config = Flyway.configure().dataSource(db).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }
}
