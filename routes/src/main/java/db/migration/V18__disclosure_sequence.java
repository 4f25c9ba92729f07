package db.migration;

import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Ledger entries take their number from a sequence instead of the locked {@code ledger_head} row, so
 * concurrent deliveries do not wait on each other (numbers may now have gaps: a rolled-back append
 * uses one up; the seals, not contiguity, show that nothing was removed). In Java because the
 * sequence starts after the existing entries, and neither H2 nor PostgreSQL takes a query there.
 */
public class V18__disclosure_sequence extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        long next;
        try (Statement read = context.getConnection().createStatement();
             ResultSet rs = read.executeQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM disclosure")) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement ddl = context.getConnection().createStatement()) {
            ddl.execute("CREATE SEQUENCE disclosure_seq START WITH " + next);
        }
    }
}
