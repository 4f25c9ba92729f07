package jp.jusou.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.platform.Sealing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Rejected and dead-lettered messages, set aside for operators. The stored copy has every 個人番号
 * masked first (in the JSON tree when the body parsed, in the raw text otherwise); the unmasked body
 * is never written, and the masked one is sealed ({@link Sealing}) with the data key of the subject it
 * is about, when the hub had resolved one before rejecting it. Operators see the metadata
 * ({@link Entry}); the body only leaves through replay or an auditor's recorded viewing.
 */
@Repository
public class Quarantine {

    public enum Kind { rejected, dead_letter }

    /** What an operator may see: flow metadata, never content. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "QuarantineEntry") // its name in the OpenAPI document, unique there
    public record Entry(String quarantineId, String kind, String sender, String messageId, String messageType,
                        String reasonCodes, int bodyBytes, String status, Instant quarantinedAt) {
    }

    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getString("quarantine_id"), rs.getString("kind"),
            rs.getString("sender"), rs.getString("message_id"), rs.getString("message_type"), rs.getString("reason_codes"),
            rs.getInt("body_bytes"), rs.getString("status"), rs.getTimestamp("quarantined_at").toInstant());

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final Sealing sealing;

    /** Where a sealed body belongs (its associated data names this place and the quarantine id). */
    public static final String BODY = "quarantine.body_masked";

    public Quarantine(JdbcTemplate jdbc, ObjectMapper json, Clock clock, Sealing sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.sealing = sealing;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /**
     * Masks, seals and stores a copy (the message id is masked too: operators list it); returns its id.
     *
     * @param hubSubjectId whom the message is about, when the hub resolved it before rejecting it; else null
     */
    public String add(Kind kind, String sender, String messageId, String type, List<Reason> reasons,
                      JsonNode tree, String rawText, int bodyBytes, String hubSubjectId) {
        String masked;
        try {
            masked = tree != null ? json.writeValueAsString(MyNumberDetector.maskJson(tree)) : MyNumberDetector.mask(rawText);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the quarantined copy", e);
        }
        String id = "Q-" + UUID.randomUUID();
        jdbc.update("INSERT INTO quarantine (quarantine_id, kind, sender, message_id, message_type, reason_codes, reasons_json,"
                        + " body_masked, body_bytes, status, quarantined_at, hub_subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'quarantined', ?, ?)",
                id, kind.name().replace('_', '-'), sender, MyNumberDetector.mask(truncate(messageId, 128)), truncate(type, 40),
                Outcomes.codes(reasons),
                reasonsJson(reasons), masked == null || masked.isEmpty() ? "" : sealing.seal(hubSubjectId, BODY, id, masked), // no body: metadata only
                bodyBytes, now(), hubSubjectId);
        return id;
    }

    private String reasonsJson(List<Reason> reasons) {
        try {
            return json.writeValueAsString(reasons.stream().map(r -> new ReasonView(r.code().name(), r.path(), r.ja(), r.en())).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public record ReasonView(String code, String path, String ja, String en) {
    }

    public List<Entry> list(String sender, String status, int limit) {
        return list(new Filter(sender, status, null, null, null, null), limit);
    }

    /**
     * Which entries to list; every field may be null (no filter).
     *
     * @param reason a reason code (entries carrying it among others match too)
     * @param kind   {@code rejected} or {@code dead-letter}
     */
    public record Filter(String sender, String status, String reason, String kind, Instant from, Instant to) {
    }

    public List<Entry> list(Filter filter, int limit) {
        return list(filter, limit, null);
    }

    /** As {@link #list(Filter, int)}, of these senders only (null: every sender; empty: none). */
    public List<Entry> list(Filter filter, int limit, java.util.Collection<String> senders) {
        StringBuilder sql = new StringBuilder("SELECT * FROM quarantine WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (senders != null) {
            if (senders.isEmpty()) {
                return List.of();
            }
            sql.append(" AND sender IN (").append(String.join(", ", java.util.Collections.nCopies(senders.size(), "?"))).append(")");
            args.addAll(senders);
        }
        if (filter.sender() != null) {
            sql.append(" AND sender = ?");
            args.add(filter.sender());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(filter.kind());
        }
        if (filter.reason() != null && filter.reason().matches("[A-Z_]{1,60}")) {
            // '_' matches any one character in LIKE: harmless between whole codes bounded by commas
            sql.append(" AND (',' || reason_codes || ',') LIKE ?");
            args.add("%," + filter.reason() + ",%");
        }
        if (filter.from() != null) {
            sql.append(" AND quarantined_at >= ?");
            args.add(java.sql.Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND quarantined_at < ?");
            args.add(java.sql.Timestamp.from(filter.to()));
        }
        sql.append(" ORDER BY quarantined_at DESC LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), ENTRY, args.toArray());
    }

    /** The stored reasons (code, JSON path, 日本語, English): fixed texts, never values. */
    public List<ReasonView> reasons(String id) {
        return jdbc.query("SELECT reasons_json FROM quarantine WHERE quarantine_id = ?", (rs, i) -> rs.getString(1), id).stream()
                .findFirst().map(text -> {
                    try {
                        return List.of(json.readValue(text, ReasonView[].class));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return List.<ReasonView>of();
                    }
                }).orElse(List.of());
    }

    /** Who last changed the entry's status, when, and (for a discard) why. */
    public record StatusChange(Instant at, String by, String reason) {
    }

    public Optional<StatusChange> statusChange(String id) {
        return jdbc.query("SELECT status_changed_at, status_changed_by, status_reason FROM quarantine WHERE quarantine_id = ?"
                        + " AND status_changed_at IS NOT NULL",
                (rs, i) -> new StatusChange(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)), id).stream().findFirst();
    }

    /** Marks a quarantined entry discarded, with the operator's reason; false when it was not quarantined. */
    public boolean discard(String id, String by, String reason) {
        return jdbc.update("UPDATE quarantine SET status = 'discarded', status_changed_at = ?, status_changed_by = ?, status_reason = ?"
                + " WHERE quarantine_id = ? AND status = 'quarantined'", now(), by, truncate(reason, 500), id) == 1;
    }

    /** Entries waiting, by kind, of these senders only (null: every sender). */
    public java.util.Map<String, Long> waitingByKind(java.util.Collection<String> senders) {
        if (senders == null) {
            return waitingByKind();
        }
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Entry e : list(new Filter(null, "quarantined", null, null, null, null), 1000, senders)) {
            counts.merge(e.kind(), 1L, Long::sum);
        }
        return counts;
    }

    /** How many entries are waiting, per kind ({@code rejected}, {@code dead-letter}). */
    public java.util.Map<String, Long> waitingByKind() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>(java.util.Map.of("rejected", 0L, "dead-letter", 0L));
        jdbc.query("SELECT kind, COUNT(*) FROM quarantine WHERE status = 'quarantined' GROUP BY kind",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    public Optional<Entry> find(String id) {
        return jdbc.query("SELECT * FROM quarantine WHERE quarantine_id = ?", ENTRY, id).stream().findFirst();
    }

    /**
     * The masked body, for replay and for an auditor's recorded viewing (the caller records it first);
     * empty when there is no such entry or its body was removed (erasure, retention).
     *
     * @throws Sealing.Unreadable when the body's data key was destroyed
     */
    public Optional<String> maskedBody(String id) {
        return jdbc.query("SELECT body_masked FROM quarantine WHERE quarantine_id = ?", (rs, i) -> rs.getString(1), id)
                .stream().findFirst().filter(body -> !body.isEmpty()).map(body -> sealing.open(BODY, id, body));
    }

    public boolean markReplayed(String id, String by) {
        return jdbc.update("UPDATE quarantine SET status = 'replayed', status_changed_at = ?, status_changed_by = ?"
                + " WHERE quarantine_id = ? AND status = 'quarantined'", now(), by, id) == 1;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * An erasure: removes the stored bodies about a subject; the flow metadata stays (an entry still
     * waiting is marked {@code erased}, so it cannot be replayed). Returns how many bodies were removed.
     */
    public int eraseBodies(String hubSubjectId, String by) {
        return jdbc.update("UPDATE quarantine SET body_masked = '', status = CASE WHEN status = 'quarantined' THEN 'erased' ELSE status END,"
                + " status_changed_at = CASE WHEN status = 'quarantined' THEN ? ELSE status_changed_at END,"
                + " status_changed_by = CASE WHEN status = 'quarantined' THEN ? ELSE status_changed_by END"
                + " WHERE hub_subject_id = ? AND body_masked <> ''", now(), by, hubSubjectId);
    }

    /** Retention: deletes the entries (body and metadata) quarantined before {@code cutoff}; returns how many. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM quarantine WHERE quarantined_at < ?", Timestamp.from(cutoff));
    }
}
