package jp.jusou.hub.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.OutboundCopy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Every delivered copy, recorded: message, subject, recipient, data classes disclosed and redacted,
 * legal basis, consent or meeting id, time. Append-only (never updated or deleted; a copy recorded but
 * never delivered is countered by a {@code voided} entry) and tamper-evident: each entry's hash covers
 * its fields and the previous entry's hash, and {@link #verify()} finds the first entry that no longer
 * matches. Appends take the ledger head's row lock, so the chain stays linear across threads and hub
 * instances.
 */
@Repository
public class DisclosureLedger {

    public static final String GENESIS = "0".repeat(64);

    public record Entry(long seq, String kind, Instant recordedAt, String messageId, String sender, String messageType,
                        String subjectRef, String caseId, String recipient, String dataClasses, String redactedClasses,
                        String legalBasis, String basisRef, boolean reviewRequired, String prevHash, String entryHash) {

        String computeHash() {
            String canonical = String.join("\u001F", Long.toString(seq), kind, recordedAt.toString(), messageId, sender,
                    messageType, String.valueOf(subjectRef), String.valueOf(caseId), recipient, dataClasses, redactedClasses,
                    String.valueOf(legalBasis), String.valueOf(basisRef), Boolean.toString(reviewRequired), prevHash);
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The result of walking the chain: intact, or the first entry that breaks it and why. */
    public record Verification(boolean intact, long entries, Long firstBrokenSeq, String problem) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DisclosureLedger(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The subject as the ledger knows it: the hub's pseudonymous subject id. */
    public static String subjectRef(HubMessage message) {
        return message.hubSubjectId();
    }

    /**
     * Records each copy of a delivered message, unless this delivery is already recorded (a
     * redelivery after a crash between the database and the broker commits). Runs inside the
     * outcome's database transaction.
     */
    public void recordDelivered(HubMessage message) {
        var legalBasis = message.tree().path("legalBasis");
        String kind = legalBasis.path("kind").asText(null);
        String ref = legalBasis.path("consentId").asText(legalBasis.path("meetingId").asText(null));
        for (OutboundCopy copy : message.copies()) {
            if (net(message.sender(), message.messageId(), copy.recipient()) > 0) {
                continue;
            }
            append("disclosed", message.messageId(), message.sender(), message.type().wireName(), subjectRef(message),
                    message.tree().path("caseId").asText(null), copy.recipient(), String.join(",", copy.disclosedClasses()),
                    String.join(",", copy.redactedClasses()), kind, ref, "vital-interest".equals(kind));
        }
    }

    /** Counters the entries of a delivery that never happened (its broker transaction never committed). */
    public void voidDelivery(String sender, String messageId) {
        List<Entry> disclosed = jdbc.query("SELECT * FROM disclosure WHERE sender = ? AND message_id = ? AND kind = 'disclosed' ORDER BY seq",
                (rs, i) -> entry(rs), sender, messageId);
        for (Entry e : disclosed) {
            if (net(sender, messageId, e.recipient()) > 0) {
                append("voided", messageId, sender, e.messageType(), e.subjectRef(), e.caseId(), e.recipient(), e.dataClasses(),
                        e.redactedClasses(), e.legalBasis(), e.basisRef(), false);
            }
        }
    }

    /**
     * Records that what the hub held about a subject was erased on the person's request (by an
     * auditor): an entry of its own in the chain, so the subject's disclosure answer shows it. The
     * earlier entries (who received what, when, on what basis) stay as they were.
     */
    public void recordErasure(String hubSubjectId, String erasureId, String auditor) {
        append("erased", erasureId, "hub", "subject-erasure", hubSubjectId, null, "hub", "", "", "erasure-request", auditor, false);
    }

    private int net(String sender, String messageId, String recipient) {
        Integer net = jdbc.queryForObject("SELECT COALESCE(SUM(CASE WHEN kind = 'disclosed' THEN 1 ELSE -1 END), 0)"
                + " FROM disclosure WHERE sender = ? AND message_id = ? AND recipient = ?", Integer.class, sender, messageId, recipient);
        return net == null ? 0 : net;
    }

    private void append(String kind, String messageId, String sender, String type, String subjectRef, String caseId,
                        String recipient, String dataClasses, String redacted, String legalBasis, String basisRef, boolean review) {
        AtomicReference<long[]> seq = new AtomicReference<>();
        AtomicReference<String> prev = new AtomicReference<>();
        jdbc.query("SELECT last_seq, last_hash FROM ledger_head WHERE id = 1 FOR UPDATE", (RowCallbackHandler) rs -> {
            seq.set(new long[] {rs.getLong(1) + 1});
            prev.set(rs.getString(2));
        });
        Entry entry = new Entry(seq.get()[0], kind, clock.instant().truncatedTo(ChronoUnit.MICROS), messageId, sender, type,
                subjectRef, caseId, recipient, dataClasses, redacted, legalBasis, basisRef, review, prev.get(), null);
        String hash = entry.computeHash();
        jdbc.update("INSERT INTO disclosure (seq, kind, recorded_at, message_id, sender, message_type, subject_ref, case_id, recipient,"
                        + " data_classes, redacted_classes, legal_basis, basis_ref, review_required, prev_hash, entry_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.seq(), kind, Timestamp.from(entry.recordedAt()), messageId, sender, type, subjectRef, caseId, recipient,
                dataClasses, redacted, legalBasis, basisRef, review, entry.prevHash(), hash);
        jdbc.update("UPDATE ledger_head SET last_seq = ?, last_hash = ? WHERE id = 1", entry.seq(), hash);
    }

    /** The agencies that received data under a consent (and still count as having it). */
    public List<String> recipientsUnder(String consentId) {
        return jdbc.queryForList("SELECT recipient FROM disclosure WHERE basis_ref = ? AND legal_basis = 'consent'"
                + " GROUP BY recipient HAVING SUM(CASE WHEN kind = 'disclosed' THEN 1 ELSE -1 END) > 0 ORDER BY recipient",
                String.class, consentId);
    }

    /** Who received what about this subject, when and why, oldest first. */
    public List<Entry> forSubject(String subjectRef) {
        return jdbc.query("SELECT * FROM disclosure WHERE subject_ref = ? ORDER BY seq", (rs, i) -> entry(rs), subjectRef);
    }

    /** Disclosures an auditor must review (vital interest), oldest first. */
    public List<Entry> toReview() {
        return jdbc.query("SELECT * FROM disclosure WHERE review_required = TRUE AND kind = 'disclosed' ORDER BY seq", (rs, i) -> entry(rs));
    }

    public List<Entry> forMessage(String sender, String messageId) {
        return jdbc.query("SELECT * FROM disclosure WHERE sender = ? AND message_id = ? ORDER BY seq", (rs, i) -> entry(rs),
                sender, messageId);
    }

    /** Walks the whole chain and reports the first entry that breaks it. */
    public Verification verify() {
        long[] count = {0};
        String[] previous = {GENESIS};
        Long[] broken = {null};
        String[] problem = {null};
        jdbc.query("SELECT * FROM disclosure ORDER BY seq", (RowCallbackHandler) rs -> {
            if (broken[0] != null) {
                return;
            }
            Entry e = entry(rs);
            count[0]++;
            if (e.seq() != count[0]) {
                broken[0] = count[0];
                problem[0] = "entry " + count[0] + " is missing";
            } else if (!e.prevHash().equals(previous[0])) {
                broken[0] = e.seq();
                problem[0] = "previous-hash link does not match entry " + (e.seq() - 1);
            } else if (!e.computeHash().equals(e.entryHash())) {
                broken[0] = e.seq();
                problem[0] = "contents do not match the entry's hash";
            }
            previous[0] = e.entryHash();
        });
        if (broken[0] == null) {
            Long headSeq = jdbc.queryForObject("SELECT last_seq FROM ledger_head WHERE id = 1", Long.class);
            String headHash = jdbc.queryForObject("SELECT last_hash FROM ledger_head WHERE id = 1", String.class);
            if (headSeq == null || headSeq != count[0] || !previous[0].equals(headHash)) {
                broken[0] = count[0] + 1;
                problem[0] = "entries after " + count[0] + " are missing (the head records " + headSeq + ")";
            }
        }
        return new Verification(broken[0] == null, count[0], broken[0], problem[0]);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), rs.getString("kind"), rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("message_id"), rs.getString("sender"), rs.getString("message_type"), rs.getString("subject_ref"),
                rs.getString("case_id"), rs.getString("recipient"), rs.getString("data_classes"), rs.getString("redacted_classes"),
                rs.getString("legal_basis"), rs.getString("basis_ref"), rs.getBoolean("review_required"),
                rs.getString("prev_hash"), rs.getString("entry_hash"));
    }
}
