package jp.jusou.hub.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Connector changes waiting for a second admin, and what became of them (table {@code connector_change},
 * shared by every instance). A decision is taken once: {@link #decide} moves a row out of {@code pending}
 * only if it is still pending, so two admins deciding at the same moment cannot both win.
 */
@Component
public class PendingChanges {

    public static final String PENDING = "pending";

    /**
     * @param kind          {@code deploy} (with the YAML as proposed) or {@code rollback} (with the version)
     * @param changedFields the destination and secret fields the change alters (JSON paths)
     */
    public record Change(String changeId, String agencyId, String kind, String sourceName, String definition,
                         Integer targetVersion, String baseSha256, List<String> changedFields, String status, String proposedBy,
                         Instant proposedAt, String decidedBy, Instant decidedAt, String outcome) {
    }

    private final JdbcTemplate jdbc;

    public PendingChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a proposal; an earlier one still pending for the same agency is superseded by it. */
    public Change propose(String agencyId, String kind, String sourceName, String definition, Integer targetVersion,
                          String baseSha256, List<String> changedFields, String proposedBy, Instant now) {
        String id = "CC-" + UUID.randomUUID();
        jdbc.update("UPDATE connector_change SET status = 'superseded', decided_at = ?, outcome = ? WHERE agency_id = ? AND status = ?",
                Timestamp.from(now), "superseded by " + id, agencyId, PENDING);
        jdbc.update("INSERT INTO connector_change (change_id, agency_id, kind, source_name, definition, target_version, base_sha256,"
                        + " changed_fields, status, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, agencyId, kind, sourceName, definition, targetVersion, baseSha256, String.join(",", changedFields), PENDING,
                proposedBy, Timestamp.from(now));
        return find(id).orElseThrow();
    }

    public Optional<Change> find(String changeId) {
        return jdbc.query("SELECT * FROM connector_change WHERE change_id = ?", PendingChanges::row, changeId).stream().findFirst();
    }

    /** Pending changes, oldest first. */
    public List<Change> pending() {
        return jdbc.query("SELECT * FROM connector_change WHERE status = ? ORDER BY proposed_at, change_id", PendingChanges::row, PENDING);
    }

    /** The latest changes of any status, newest first. */
    public List<Change> recent(int limit) {
        return jdbc.query("SELECT * FROM connector_change ORDER BY proposed_at DESC, change_id LIMIT " + Math.max(1, Math.min(limit, 500)),
                PendingChanges::row);
    }

    /** Takes the decision if the change is still pending; false if someone decided first. */
    public boolean decide(String changeId, String status, String decidedBy, Instant now) {
        return jdbc.update("UPDATE connector_change SET status = ?, decided_by = ?, decided_at = ? WHERE change_id = ? AND status = ?",
                status, decidedBy, Timestamp.from(now), changeId, PENDING) == 1;
    }

    /** What applying it gave (the version, or why it failed). */
    public void finish(String changeId, String status, String outcome) {
        jdbc.update("UPDATE connector_change SET status = ?, outcome = ? WHERE change_id = ?", status,
                outcome == null ? null : outcome.substring(0, Math.min(outcome.length(), 4000)), changeId);
    }

    private static Change row(ResultSet rs, int i) throws SQLException {
        String fields = rs.getString("changed_fields");
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Change(rs.getString("change_id"), rs.getString("agency_id"), rs.getString("kind"), rs.getString("source_name"),
                rs.getString("definition"), (Integer) rs.getObject("target_version"), rs.getString("base_sha256"),
                fields == null || fields.isEmpty() ? List.of() : List.of(fields.split(",")), rs.getString("status"),
                rs.getString("proposed_by"), rs.getTimestamp("proposed_at").toInstant(), rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(), rs.getString("outcome"));
    }
}
