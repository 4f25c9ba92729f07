package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.MessageType;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Referrals still {@code requested} after their respondBy date become overdue: the receiver gets a
 * reminder and the requester an overdue notice ({@code referral-overdue}), once per referral. The
 * deadline lives in the database, not in memory, so it survives restarts; each referral is claimed
 * with a row-level compare-and-set, so with several hub instances only one sends. The notices are
 * sent before the claim commits and carry a broker duplicate id, so a crash in between cannot send
 * them twice. {@code hub_referrals_overdue} shows how many are overdue now.
 */
@Component
class OverdueReferrals {

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final TransactionTemplate transactions;
    private final AgencyDirectory directory;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicLong overdue = new AtomicLong();

    public OverdueReferrals(JdbcTemplate jdbc, JmsTemplate jms, TransactionTemplate transactions, AgencyDirectory directory,
                            ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.jms = jms;
        this.transactions = transactions;
        this.directory = directory;
        this.json = json;
        this.clock = clock;
        Gauge.builder("hub.referrals.overdue", overdue, AtomicLong::get)
                .description("Referrals still requested after their response date").register(registry);
    }

    /** The periodic check: on one instance at a time (ShedLock; the per-referral claim keeps it once anyway). */
    @Scheduled(initialDelayString = "PT5S", fixedDelayString = CoordinationProperties.OVERDUE_CHECK_INTERVAL_SETTING)
    @SchedulerLock(name = "overdue-referrals", lockAtMostFor = "PT10M")
    public void scheduledCheck() {
        check();
    }

    /** Finds the referrals that became overdue and notifies both parties; returns how many it notified. */
    public int check() {
        LocalDate today = LocalDate.now(clock);
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM referral WHERE status = 'requested' AND respond_by < ?", Long.class,
                Date.valueOf(today));
        overdue.set(count == null ? 0 : count);
        // referralIds are unique per requester only: a referral is (requester, referralId) throughout
        List<String[]> due = jdbc.query("SELECT requester, referral_id FROM referral WHERE status = 'requested' AND respond_by < ?"
                + " AND overdue_notified_at IS NULL ORDER BY respond_by", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                Date.valueOf(today));
        int notified = 0;
        for (String[] key : due) {
            Boolean sent = transactions.execute(status -> notifyOnce(key[0], key[1], today));
            if (Boolean.TRUE.equals(sent)) {
                notified++;
            }
        }
        return notified;
    }

    private boolean notifyOnce(String requester, String referralId, LocalDate today) {
        int claimed = jdbc.update("UPDATE referral SET overdue_notified_at = ? WHERE requester = ? AND referral_id = ?"
                + " AND status = 'requested' AND overdue_notified_at IS NULL AND respond_by < ?",
                Timestamp.from(clock.instant()), requester, referralId, Date.valueOf(today));
        if (claimed != 1) {
            return false; // another instance took it, or it was answered meanwhile
        }
        Referrals.Referral referral = jdbc.queryForObject("SELECT referral_id, requester, receiver, subject_local_id, status, hub_subject_id"
                        + " FROM referral WHERE requester = ? AND referral_id = ?",
                (rs, i) -> new Referrals.Referral(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        ReferralStatus.fromWire(rs.getString(5)).orElseThrow(), rs.getString(6)), requester, referralId);
        String respondBy = jdbc.queryForObject("SELECT respond_by FROM referral WHERE requester = ? AND referral_id = ?", Date.class,
                requester, referralId).toLocalDate().toString();
        send(referral, referral.receiver(), "reminder", respondBy,
                "回答期限を過ぎたつなぎ（紹介）があります。受理・不受理を回答してください。", "A referral is past its response date. Please accept or reject it.");
        send(referral, referral.requester(), "overdue", respondBy,
                "送ったつなぎ（紹介）に期限までの回答がありません。紹介先に確認してください。", "Your referral has had no answer by its response date. Please check with the receiver.");
        return true;
    }

    private void send(Referrals.Referral referral, String to, String notice, String respondBy, String ja, String en) {
        String municipality = directory.find(to).map(Agency::municipality).orElseThrow();
        ObjectNode envelope = HubIssued.envelope(MessageType.REFERRAL_OVERDUE, municipality, clock);
        ObjectNode payload = envelope.putObject("payload");
        payload.put("referralId", referral.referralId());
        payload.put("notice", notice);
        payload.put("respondBy", respondBy);
        payload.put("requester", referral.requester());
        payload.put("receiver", referral.receiver());
        payload.putObject("message").put("ja", ja).put("en", en);
        String body;
        try {
            body = json.writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jms.convertAndSend(BrokerNames.outbound(to), body, m -> {
            // with the requester: another requester's referral with the same id gets its own notices
            String referralKey = referral.requester() + "/" + referral.referralId();
            m.setStringProperty(BrokerNames.DUPLICATE_ID, "overdue/" + referralKey + "/" + notice);
            m.setStringProperty(BrokerNames.GROUP_ID, "referral:" + referralKey);
            m.setStringProperty(BrokerNames.TYPE, MessageType.REFERRAL_OVERDUE.wireName());
            m.setStringProperty(BrokerNames.SENDER, HubIssued.SENDER);
            return m;
        });
    }
}
