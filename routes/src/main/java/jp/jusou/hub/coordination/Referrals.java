package jp.jusou.hub.coordination;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The referrals the hub has delivered, so that a referral-status reaches the other party. The
 * lifecycle (state machine, deadlines) is the coordination issue's; this is its table's first form.
 */
@Repository
public class Referrals {

    public record Referral(String referralId, String requester, String receiver, String subjectLocalId) {
    }

    private final JdbcTemplate jdbc;

    public Referrals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Referral> find(String referralId) {
        return jdbc.query("SELECT referral_id, requester, receiver, subject_local_id FROM referral WHERE referral_id = ?",
                (rs, i) -> new Referral(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                referralId).stream().findFirst();
    }

    /** Records a delivered referral; a second delivery of the same id changes nothing. */
    public void recordOpened(String referralId, String requester, String receiver, String subjectLocalId) {
        if (find(referralId).isPresent()) {
            return;
        }
        jdbc.update("INSERT INTO referral (referral_id, requester, receiver, subject_local_id, created_at) VALUES (?, ?, ?, ?, ?)",
                referralId, requester, receiver, subjectLocalId, OffsetDateTime.now(ZoneOffset.UTC));
    }
}
