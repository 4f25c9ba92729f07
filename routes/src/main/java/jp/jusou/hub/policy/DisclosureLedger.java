package jp.jusou.hub.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import jp.jusou.hub.message.Hashing;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.OutboundCopy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every delivered copy, recorded: message, subject, recipient, data classes disclosed and redacted,
 * legal basis, consent or meeting id, time. Append-only (never updated or deleted; an entry that must
 * be countered gets a {@code voided} entry) and tamper-evident without a global lock: each entry
 * carries its own HMAC-SHA256 under a key held outside the database ({@link LedgerKeys}), so a database
 * writer can neither forge nor recompute one, and {@link LedgerSealer} periodically commits a keyed
 * Merkle root over the entries not yet sealed, so a removed entry is detected too. Appends take a
 * number from a database sequence and insert one row: concurrent deliveries, in one hub instance or
 * several, never wait on each other. Entries written before V17 carry the old SHA-256 chain instead
 * of a MAC ({@code prevHash}, {@code entryHash}); they still verify, and the first seal covers them.
 */
@Repository
public class DisclosureLedger {

    public static final String GENESIS = "0".repeat(64);

    @io.swagger.v3.oas.annotations.media.Schema(name = "DisclosureEntry") // its name in the OpenAPI document, unique there
    public record Entry(long seq, String kind, Instant recordedAt, String messageId, String sender, String messageType,
                        String subjectRef, String caseId, String recipient, String dataClasses, String redactedClasses,
                        String legalBasis, String basisRef, boolean reviewRequired, String prevHash, String entryHash,
                        String keyId, String mac) {

        /** The old chain's hash (entries before V17). */
        String computeHash() {
            String canonical = String.join("\u001F", Long.toString(seq), kind, recordedAt.toString(), messageId, sender,
                    messageType, String.valueOf(subjectRef), String.valueOf(caseId), recipient, dataClasses, redactedClasses,
                    String.valueOf(legalBasis), String.valueOf(basisRef), Boolean.toString(reviewRequired), prevHash);
            return Hashing.sha256Hex(canonical);
        }

        /** What an entry's MAC covers: every field and the key id. */
        String macText() {
            return String.join("\u001F", "disclosure-v1", Long.toString(seq), kind, recordedAt.toString(), messageId, sender,
                    messageType, String.valueOf(subjectRef), String.valueOf(caseId), recipient, dataClasses, redactedClasses,
                    String.valueOf(legalBasis), String.valueOf(basisRef), Boolean.toString(reviewRequired), String.valueOf(keyId));
        }

        /** Written before V17: authenticated by the old hash chain and the seals, not by a MAC. */
        boolean legacy() {
            return mac == null;
        }

        /** What a seal's Merkle tree takes as this entry's leaf. */
        String leaf() {
            return legacy() ? entryHash : mac;
        }
    }

    /** The result of checking every entry and seal: intact, or the first entry that fails and why. */
    public record Verification(boolean intact, long entries, Long firstBrokenSeq, String problem) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LedgerKeys keys;
    private final LegalBases bases;

    DisclosureLedger(JdbcTemplate jdbc, Clock clock, LedgerKeys keys, LegalBases bases) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keys = keys;
        this.bases = bases;
    }

    /** The subject as the ledger knows it: the hub's pseudonymous subject id. */
    public static String subjectRef(HubMessage message) {
        return message.hubSubjectId();
    }

    /**
     * One copy to record: what {@link #recordDelivered(HubMessage)} appends for it. Ids and data-class
     * names only (no content), so it may travel in the broker transaction that delivers the copies.
     */
    public record Disclosure(String messageId, String sender, String messageType, String subjectRef, String caseId,
                             String recipient, String dataClasses, String redactedClasses, String legalBasis, String basisRef,
                             boolean reviewRequired) {
    }

    /**
     * The entries a delivered message's copies make (one per recipient): the basis's kind as the
     * message names it, and what its {@link LegalBasis} says to keep beside it (its reference, whether
     * an auditor must review it).
     */
    public List<Disclosure> disclosures(HubMessage message) {
        var legalBasis = message.tree().path("legalBasis");
        String kind = legalBasis.path("kind").asText(null);
        LegalBasis basis = bases.find(LegalBases.kindOf(legalBasis)).orElse(null);
        String ref = basis == null ? null : basis.reference(legalBasis);
        boolean review = basis != null && basis.reviewRequired();
        return message.copies().stream().map(copy -> new Disclosure(message.messageId(), message.sender(),
                message.type().wireName(), subjectRef(message), message.tree().path("caseId").asText(null), copy.recipient(),
                String.join(",", copy.disclosedClasses()), String.join(",", copy.redactedClasses()), kind, ref,
                review)).toList();
    }

    /** Records each copy of a delivered message (see {@link #record(List)}). */
    public void recordDelivered(HubMessage message) {
        record(disclosures(message));
    }

    /**
     * Records each copy, unless it is already recorded (the confirmation of a delivery redelivered
     * after a crash between its database and broker commits). The pipeline calls this only once the
     * broker transaction that carried the copies has committed (pipeline.DeliveryConfirmations), so an
     * entry is never made for a delivery that was rolled back.
     */
    public void record(List<Disclosure> disclosures) {
        for (Disclosure d : disclosures) {
            if (net(d.sender(), d.messageId(), d.recipient()) > 0) {
                continue;
            }
            append("disclosed", d.messageId(), d.sender(), d.messageType(), d.subjectRef(), d.caseId(), d.recipient(),
                    d.dataClasses(), d.redactedClasses(), d.legalBasis(), d.basisRef(), d.reviewRequired());
        }
    }

    /**
     * Records each copy of a delivery none of whose entries exist yet (the caller knows: its outcome's
     * first confirmation, which commits with them): no look per copy, and one batch of inserts.
     */
    public void recordUnrecorded(List<Disclosure> disclosures) {
        List<Object[]> rows = new java.util.ArrayList<>(disclosures.size());
        for (Disclosure d : disclosures) {
            rows.add(row("disclosed", d.messageId(), d.sender(), d.messageType(), d.subjectRef(), d.caseId(), d.recipient(),
                    d.dataClasses(), d.redactedClasses(), d.legalBasis(), d.basisRef(), d.reviewRequired()));
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
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

    private static final String INSERT = "INSERT INTO disclosure (seq, kind, recorded_at, message_id, sender, message_type,"
            + " subject_ref, case_id, recipient, data_classes, redacted_classes, legal_basis, basis_ref, review_required, key_id, mac)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private void append(String kind, String messageId, String sender, String type, String subjectRef, String caseId,
                        String recipient, String dataClasses, String redacted, String legalBasis, String basisRef, boolean review) {
        jdbc.update(INSERT, row(kind, messageId, sender, type, subjectRef, caseId, recipient, dataClasses, redacted, legalBasis,
                basisRef, review));
    }

    /** One entry's column values: its number from the sequence, its time, its MAC. */
    private Object[] row(String kind, String messageId, String sender, String type, String subjectRef, String caseId,
                         String recipient, String dataClasses, String redacted, String legalBasis, String basisRef, boolean review) {
        Long seq = jdbc.queryForObject("SELECT nextval('disclosure_seq')", Long.class);
        Entry entry = new Entry(seq, kind, clock.instant().truncatedTo(ChronoUnit.MICROS), messageId, sender, type,
                subjectRef, caseId, recipient, dataClasses, redacted, legalBasis, basisRef, review, null, null,
                keys.activeKeyId(), null);
        return new Object[] {entry.seq(), kind, Timestamp.from(entry.recordedAt()), messageId, sender, type, subjectRef, caseId,
                recipient, dataClasses, redacted, legalBasis, basisRef, review, entry.keyId(), keys.mac(entry.macText())};
    }

    /** The agencies that received data under a consent (and still count as having it). */
    public List<String> recipientsUnder(String consentId) {
        return jdbc.queryForList("SELECT recipient FROM disclosure WHERE basis_ref = ? AND legal_basis = '" + ConsentBasis.KIND + "'"
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

    /** Checks every entry's MAC (or, before V17, the old chain) and every seal; names the first entry that fails. */
    public Verification verify() {
        return new LedgerVerifier(jdbc, keys).verify();
    }

    static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), rs.getString("kind"), rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("message_id"), rs.getString("sender"), rs.getString("message_type"), rs.getString("subject_ref"),
                rs.getString("case_id"), rs.getString("recipient"), rs.getString("data_classes"), rs.getString("redacted_classes"),
                rs.getString("legal_basis"), rs.getString("basis_ref"), rs.getBoolean("review_required"),
                rs.getString("prev_hash"), rs.getString("entry_hash"), rs.getString("key_id"), rs.getString("mac"));
    }
}
