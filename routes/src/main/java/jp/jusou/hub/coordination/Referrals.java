package jp.jusou.hub.coordination;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The referrals the hub has delivered: parties, subject, current status with its history, and the
 * response deadline (the closed loop of つなぎ).
 */
@Repository
public class Referrals {

    public record Referral(String referralId, String requester, String receiver, String subjectLocalId, ReferralStatus status,
                           String hubSubjectId) {
    }

    /** One step of a referral's history. */
    public record Event(String status, String by, String messageId, java.time.Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Referrals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Referral> find(String referralId) {
        return jdbc.query("SELECT referral_id, requester, receiver, subject_local_id, status, hub_subject_id FROM referral WHERE referral_id = ?",
                (rs, i) -> new Referral(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        ReferralStatus.fromWire(rs.getString(5)).orElseThrow(), rs.getString(6)),
                referralId).stream().findFirst();
    }

    /** Records a delivered referral (status requested); a second delivery of the same id changes nothing. */
    public void recordOpened(String referralId, String requester, String receiver, String subjectLocalId, String messageId,
                             java.time.LocalDate respondBy, String hubSubjectId) {
        if (find(referralId).isPresent()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        jdbc.update("INSERT INTO referral (referral_id, requester, receiver, subject_local_id, created_at, status, status_changed_at,"
                + " respond_by, hub_subject_id) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?, ?)", referralId, requester, receiver, subjectLocalId,
                now, now, java.sql.Date.valueOf(respondBy), hubSubjectId);
        event(referralId, ReferralStatus.REQUESTED, requester, messageId, now);
    }

    /**
     * Moves a referral from the status the pipeline checked to the new one. A concurrent move makes
     * the compare-and-set fail: the broker transaction rolls back and the redelivered status is judged
     * again against the status it finds then.
     */
    public void move(String referralId, ReferralStatus from, ReferralStatus to, String by, String messageId) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        int moved = jdbc.update("UPDATE referral SET status = ?, status_changed_at = ? WHERE referral_id = ? AND status = ?",
                to.wireName(), now, referralId, from.wireName());
        if (moved != 1) {
            throw new IllegalStateException("referral " + referralId + " changed status concurrently");
        }
        event(referralId, to, by, messageId, now);
    }

    private void event(String referralId, ReferralStatus status, String by, String messageId, OffsetDateTime at) {
        Integer seq = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) + 1 FROM referral_event WHERE referral_id = ?",
                Integer.class, referralId);
        jdbc.update("INSERT INTO referral_event (referral_id, seq, status, by_agency, message_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                referralId, seq, status.wireName(), by, messageId, at);
    }

    /** Whether this message's move was already recorded (by an attempt whose broker commit then failed). */
    public boolean applied(String referralId, String messageId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM referral_event WHERE referral_id = ? AND message_id = ?",
                Integer.class, referralId, messageId);
        return n != null && n > 0;
    }

    public java.util.List<Event> history(String referralId) {
        return jdbc.query("SELECT status, by_agency, message_id, at FROM referral_event WHERE referral_id = ? ORDER BY seq",
                (rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()), referralId);
    }
}
