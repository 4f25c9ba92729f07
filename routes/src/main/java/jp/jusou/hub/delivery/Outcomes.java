package jp.jusou.hub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.jusou.hub.message.Reason;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What became of every message: one row per decided broker message, and the once-only guard for
 * delivered (sender, messageId) pairs. Writes are idempotent per broker message so that a
 * redelivery after a crash between the database commit and the broker commit finds its own earlier
 * row and does the delivery again instead of calling it a duplicate.
 */
@Repository
public class Outcomes {

    /**
     * {@code delivering}: decided and recorded, its copies in a broker transaction that has not
     * committed yet; {@code delivered} once it has (pipeline.DeliveryConfirmations), so that nothing
     * says delivered for copies a rollback took back.
     */
    public enum Outcome { delivering, delivered, rejected, duplicate }

    /** An earlier delivery of the same (sender, messageId). */
    public record Delivered(String brokerMessageId, String outcomeId, Instant deliveredAt) {
    }

    public record Recorded(String outcomeId, String sender, String messageId, String type, Outcome outcome,
                           String reasonCodes, String recipients, String reportJson, Instant recordedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Outcomes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Delivered> findDelivered(String sender, String messageId) {
        return jdbc.query("SELECT broker_message_id, outcome_id, delivered_at FROM delivered_message WHERE sender = ? AND message_id = ?",
                (rs, i) -> new Delivered(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                sender, messageId).stream().findFirst();
    }

    /**
     * Records a delivery as {@code delivering} until {@link #confirmDelivered} (the broker
     * transaction that carries its copies has committed). A concurrent twin (same sender and messageId, another broker message)
     * makes the insert fail on the primary key; the broker transaction then rolls back and the
     * redelivery is answered as a duplicate.
     */
    public void recordDelivered(String outcomeId, String sender, String messageId, String brokerMessageId,
                                String type, List<String> recipients, String reportJson) {
        forgetEarlierAttempt(brokerMessageId);
        insertOutcome(outcomeId, sender, messageId, brokerMessageId, type, Outcome.delivering, "", String.join(",", recipients), reportJson);
        jdbc.update("INSERT INTO delivered_message (sender, message_id, broker_message_id, outcome_id, delivered_at) VALUES (?, ?, ?, ?, ?)",
                sender, messageId, brokerMessageId, outcomeId, now());
    }

    /**
     * The broker transaction of a delivery committed: every copy is with its recipient. True when this
     * call moved the outcome from {@code delivering} (the first confirmation of it), false when it was
     * confirmed before or is gone (an earlier attempt's row, replaced by a later attempt).
     */
    public boolean confirmDelivered(String outcomeId) {
        return 1 == jdbc.update("UPDATE message_outcome SET outcome = ? WHERE outcome_id = ? AND outcome = ?",
                Outcome.delivered.name(), outcomeId, Outcome.delivering.name());
    }

    public void recordRejected(String outcomeId, String sender, String messageId, String brokerMessageId,
                               String type, Outcome outcome, List<Reason> reasons, String reportJson) {
        forgetEarlierAttempt(brokerMessageId);
        insertOutcome(outcomeId, sender, messageId, brokerMessageId, type, outcome, codes(reasons), "", reportJson);
    }

    /**
     * Removes what an interrupted earlier attempt at the same broker message recorded (both lookups
     * are indexed). This runs for every message, not only for flagged redeliveries: after a broker
     * restart the redelivered flag of an unacknowledged message is not kept.
     */
    private void forgetEarlierAttempt(String brokerMessageId) {
        if (brokerMessageId == null) {
            return;
        }
        // a read first: an earlier attempt is rare, and an indexed read is cheaper than a delete
        Integer earlier = jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE broker_message_id = ?",
                Integer.class, brokerMessageId);
        if (earlier != null && earlier > 0) {
            jdbc.update("DELETE FROM delivered_message WHERE broker_message_id = ?", brokerMessageId);
            jdbc.update("DELETE FROM message_outcome WHERE broker_message_id = ?", brokerMessageId);
        }
    }

    private void insertOutcome(String outcomeId, String sender, String messageId, String brokerMessageId, String type,
                               Outcome outcome, String reasonCodes, String recipients, String reportJson) {
        jdbc.update("INSERT INTO message_outcome (outcome_id, sender, message_id, broker_message_id, message_type, outcome,"
                        + " reason_codes, recipients, report_json, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                outcomeId, sender, messageId, brokerMessageId, type, outcome.name(), reasonCodes, recipients, reportJson, now());
    }

    /** The outcomes recorded for a sender's messageId, the delivery (if any) first, then newest first. */
    public List<Recorded> find(String sender, String messageId) {
        return jdbc.query("SELECT outcome_id, sender, message_id, message_type, outcome, reason_codes, recipients, report_json, recorded_at"
                        + " FROM message_outcome WHERE sender = ? AND message_id = ?"
                        + " ORDER BY CASE WHEN outcome IN ('delivered', 'delivering') THEN 0 ELSE 1 END, recorded_at DESC",
                (rs, i) -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Outcome.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()),
                sender, messageId);
    }

    static String codes(List<Reason> reasons) {
        return reasons.stream().map(r -> r.code().name()).distinct().collect(Collectors.joining(","));
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** Retention: deletes outcomes (their reports: the detail) recorded before {@code cutoff}; returns how many. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM message_outcome WHERE recorded_at < ?", Timestamp.from(cutoff));
    }
}
