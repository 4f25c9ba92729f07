package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import jp.jusou.hub.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Data protection on PostgreSQL ({@link DataProtectionScenario}: erasure, retention). The marker is in no text column, and in no row of any table read as text (which
 * PostgreSQL gives for a whole row, TOAST-compressed values decompressed, so nothing escapes the LIKE).
 */
class PostgresDataProtectionTest extends DataProtectionScenario {

    private static SharedDatabase postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        postgres = jp.jusou.hub.AfterTheHub.closeAfter(PostgresDataProtectionTest.class, SharedDatabase.start()); // outlives the hub
        postgres.register(registry);
    }

    @Test
    void noBodyIsStoredInPlainText() throws Exception {
        storeMarkedBodies();
        assertThat(columnsHolding(marker)).isEmpty();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_type = 'BASE TABLE'", String.class)) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " t WHERE CAST(t AS TEXT) LIKE ?", Integer.class,
                    "%" + marker + "%")).as(table).isZero();
        }
        assertThat(columnsHolding("sealed:v1:")).contains("quarantine.body_masked", "inbox_message.envelope_json",
                "coordinated_case.last_update_json", "consent.evidence_captured_by");
    }

    @Test
    void erasureRemovesASubjectsDataAndKeepsTheLedger() throws Exception {
        erasesASubject();
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it moves the hub's clock on by years
    void retentionPurgesEachStoreWhenItsTimeIsUp() throws Exception {
        purgesEachStoreWhenItsTimeIsUp();
    }
}
