package jp.jusou.hub.coordination;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The referrals the hub has delivered: parties, subject, current status with its history, and the
 * response deadline (the closed loop of つなぎ).
 *
 * <p>A referralId is unique per requesting agency only (two centers may both number theirs
 * R-2026-0001), so a referral is keyed by (requester, referralId). An agency id names one agency of
 * one municipality, so this is also the (municipality, requester, referralId) of the contract.
 */
@Repository
public class Referrals {

    public record Referral(String referralId, String requester, String receiver, String subjectLocalId, ReferralStatus status,
                           String hubSubjectId) {
    }

    /** One step of a referral's history. */
    public record Event(String status, String by, String messageId, java.time.Instant at) {
    }

    private static final String COLUMNS = "SELECT referral_id, requester, receiver, subject_local_id, status, hub_subject_id FROM referral";
    private static final RowMapper<Referral> REFERRAL = (rs, i) -> new Referral(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), ReferralStatus.fromWire(rs.getString(5)).orElseThrow(), rs.getString(6));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Referrals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Referral> find(String requester, String referralId) {
        return jdbc.query(COLUMNS + " WHERE requester = ? AND referral_id = ?", REFERRAL, requester, referralId).stream().findFirst();
    }

    /**
     * The referrals with this id that {@code party} takes part in: its own (as requester) if it has
     * one, else those it received. A receiver may get the same referralId from several requesters;
     * {@code requester} (null when not given) picks one of them.
     */
    public List<Referral> inScopeOf(String party, String referralId, String requester) {
        if (requester != null) {
            return jdbc.query(COLUMNS + " WHERE requester = ? AND referral_id = ? AND (requester = ? OR receiver = ?)", REFERRAL,
                    requester, referralId, party, party);
        }
        Optional<Referral> own = find(party, referralId);
        if (own.isPresent()) {
            return List.of(own.get());
        }
        return jdbc.query(COLUMNS + " WHERE receiver = ? AND referral_id = ? ORDER BY requester", REFERRAL, party, referralId);
    }

    /**
     * The referral a referral-status is about, looked up in the sender's own scope: referralIds are
     * unique per requester only, so a receiver that got the same id from two requesters must name
     * the one it answers ({@code payload.requester}). None, or one that is not the sender's, or more
     * than one, is a rejection.
     */
    public Referral forStatus(HubMessage message) {
        String referralId = message.payload().path("referralId").asText();
        String requester = message.payload().path("requester").asText(null);
        List<Referral> found = inScopeOf(message.sender(), referralId, requester);
        if (found.size() > 1) {
            throw new RejectedException(Reason.of(ReasonCode.AMBIGUOUS_REFERRAL, "$.payload.requester"));
        }
        if (found.isEmpty()) {
            boolean someoneElses = anyWithId(referralId);
            throw new RejectedException(Reason.of(someoneElses ? ReasonCode.NOT_REFERRAL_PARTY : ReasonCode.UNKNOWN_REFERRAL,
                    "$.payload.referralId"));
        }
        return found.get(0);
    }

    /** Whether any requester has a referral with this id (to tell "not yours" from "no such referral"). */
    public boolean anyWithId(String referralId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM referral WHERE referral_id = ?", Integer.class, referralId);
        return n != null && n > 0;
    }

    /**
     * Records a delivered referral (status requested); a second delivery of the same id changes nothing.
     * One upsert decides which: it inserts nothing when the referral exists, and a referral it did
     * insert has no history yet, so its opening event is the first ({@code seq} 1; referrals are never
     * deleted, so no older history can be left under its key).
     */
    public void recordOpened(String referralId, String requester, String receiver, String subjectLocalId, String messageId,
                             java.time.LocalDate respondBy, String hubSubjectId) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        int opened = jdbc.update("INSERT INTO referral (referral_id, requester, receiver, subject_local_id, created_at, status,"
                + " status_changed_at, respond_by, hub_subject_id) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?, ?) ON CONFLICT DO NOTHING",
                referralId, requester, receiver, subjectLocalId, now, now, java.sql.Date.valueOf(respondBy), hubSubjectId);
        if (opened == 1) {
            insertEvent(requester, referralId, 1, ReferralStatus.REQUESTED, requester, messageId, now);
        }
    }

    /**
     * Moves a referral from the status the pipeline checked to the new one. A concurrent move makes
     * the compare-and-set fail: the broker transaction rolls back and the redelivered status is judged
     * again against the status it finds then.
     */
    public void move(Referral referral, ReferralStatus to, String by, String messageId) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        int moved = jdbc.update("UPDATE referral SET status = ?, status_changed_at = ? WHERE requester = ? AND referral_id = ? AND status = ?",
                to.wireName(), now, referral.requester(), referral.referralId(), referral.status().wireName());
        if (moved != 1) {
            throw new IllegalStateException("referral " + referral.referralId() + " changed status concurrently");
        }
        event(referral.requester(), referral.referralId(), to, by, messageId, now);
    }

    private void event(String requester, String referralId, ReferralStatus status, String by, String messageId, OffsetDateTime at) {
        Integer seq = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) + 1 FROM referral_event WHERE requester = ? AND referral_id = ?",
                Integer.class, requester, referralId);
        insertEvent(requester, referralId, seq, status, by, messageId, at);
    }

    private void insertEvent(String requester, String referralId, int seq, ReferralStatus status, String by, String messageId,
                             OffsetDateTime at) {
        jdbc.update("INSERT INTO referral_event (requester, referral_id, seq, status, by_agency, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                requester, referralId, seq, status.wireName(), by, messageId, at);
    }

    /**
     * Whether this message's move was already recorded (by an attempt whose broker commit then failed).
     * Keyed by the sending party too: messageIds are unique per sender only.
     */
    public boolean applied(Referral referral, String by, String messageId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM referral_event WHERE requester = ? AND referral_id = ? AND by_agency = ?"
                        + " AND message_id = ?", Integer.class, referral.requester(), referral.referralId(), by, messageId);
        return n != null && n > 0;
    }

    public List<Event> history(Referral referral) {
        return jdbc.query("SELECT status, by_agency, message_id, at FROM referral_event WHERE requester = ? AND referral_id = ? ORDER BY seq",
                (rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
                referral.requester(), referral.referralId());
    }

    /** An erasure: removes the requester's local id from the referrals about a subject; returns how many. */
    public int eraseLocalIds(String hubSubjectId) {
        return jdbc.update("UPDATE referral SET subject_local_id = NULL WHERE hub_subject_id = ? AND subject_local_id IS NOT NULL",
                hubSubjectId);
    }

    /** Whether any referral was about this subject. */
    public boolean about(String hubSubjectId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM referral WHERE hub_subject_id = ?", Integer.class, hubSubjectId);
        return n != null && n > 0;
    }
}
