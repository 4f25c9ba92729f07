package jp.jusou.hub.coordination;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.platform.Sealing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Coordinated cases: plan version, team, open or closed, and the latest case update. A caseId is
 * unique per municipality only, so a case is keyed by (municipality, caseId). Its coordinator is the
 * agency that opened it and never changes: only it issues the case's updates. The latest update (the
 * case snapshot) is stored sealed with the data key of the case's subject ({@link Sealing}).
 */
@Repository
public class Cases {

    public record CoordinatedCase(String caseId, String municipality, int planVersion, boolean closed, List<String> team,
                                  String coordinator, String lastMessageId, String lastUpdateJson) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Sealing sealing;

    /** Where a sealed snapshot belongs (its associated data names this place and the case's key). */
    public static final String SNAPSHOT = "coordinated_case.last_update_json";

    public Cases(JdbcTemplate jdbc, Clock clock, Sealing sealing) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sealing = sealing;
    }

    /** The key a case's sealed snapshot is bound to. */
    public static String rowKey(String municipality, String caseId) {
        return municipality + "/" + caseId;
    }

    public Optional<CoordinatedCase> find(String municipality, String caseId) {
        return jdbc.query("SELECT * FROM coordinated_case WHERE municipality = ? AND case_id = ?", (rs, i) -> new CoordinatedCase(
                rs.getString("case_id"), rs.getString("municipality"), rs.getInt("plan_version"), "closed".equals(rs.getString("status")),
                Arrays.asList(rs.getString("team").split(",")), rs.getString("coordinator"), rs.getString("last_message_id"),
                sealing.open(SNAPSHOT, rowKey(municipality, caseId), rs.getString("last_update_json"))), municipality, caseId)
                .stream().findFirst();
    }

    /**
     * Applies a case update: a new case (its sender becomes its coordinator), or a newer plan of an
     * existing one by its coordinator (compare-and-set on the plan version, so that a concurrent older
     * update cannot overwrite a newer one).
     */
    public void apply(String municipality, String caseId, int planVersion, boolean closes, List<String> team, String coordinator,
                      String messageId, String updateJson, String hubSubjectId) {
        Timestamp now = Timestamp.from(clock.instant());
        String sealed = sealing.seal(hubSubjectId, SNAPSHOT, rowKey(municipality, caseId), updateJson);
        String status = closes ? "closed" : "open";
        if (find(municipality, caseId).isEmpty()) {
            jdbc.update("INSERT INTO coordinated_case (municipality, case_id, plan_version, status, team, coordinator, last_message_id,"
                            + " last_update_json, updated_at, hub_subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    municipality, caseId, planVersion, status, String.join(",", team), coordinator, messageId, sealed, now, hubSubjectId);
            return;
        }
        int updated = jdbc.update("UPDATE coordinated_case SET plan_version = ?, status = ?, team = ?, last_message_id = ?,"
                        + " last_update_json = ?, updated_at = ?, hub_subject_id = ? WHERE municipality = ? AND case_id = ? AND coordinator = ?"
                        + " AND plan_version < ?",
                planVersion, status, String.join(",", team), messageId, sealed, now, hubSubjectId, municipality, caseId, coordinator,
                planVersion);
        if (updated != 1) {
            throw new IllegalStateException("case " + caseId + " got a newer plan concurrently");
        }
    }

    /** An erasure: removes the snapshots (latest updates) of a subject's cases; plan, team and status stay. */
    public int eraseSnapshots(String hubSubjectId) {
        return jdbc.update("UPDATE coordinated_case SET last_update_json = '' WHERE hub_subject_id = ? AND last_update_json <> ''",
                hubSubjectId);
    }

    /** Retention: removes the snapshots of cases not updated since before {@code cutoff}; returns how many. */
    public int purgeSnapshotsBefore(java.time.Instant cutoff) {
        return jdbc.update("UPDATE coordinated_case SET last_update_json = '' WHERE updated_at < ? AND last_update_json <> ''",
                Timestamp.from(cutoff));
    }
}
