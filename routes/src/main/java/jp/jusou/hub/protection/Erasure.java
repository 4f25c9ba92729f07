package jp.jusou.hub.protection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.coordination.Referrals;
import jp.jusou.hub.coordination.SubjectIdentities;
import jp.jusou.hub.delivery.Inbox;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.operations.AuditTrail;
import jp.jusou.hub.platform.DataKeys;
import jp.jusou.hub.policy.Consents;
import jp.jusou.hub.policy.DisclosureLedger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erasure on a person's request (APPI): removes what the hub holds about a subject (stored bodies,
 * case snapshots, consent evidence, every agency's local id) and destroys the subject's data key, so
 * that the copies in backups cannot be read either. The ledger keeps who received what, when and on
 * what basis, and records the erasure itself; the audit trail records who asked for it. One
 * transaction: all of it happens, or nothing.
 */
@Service
class Erasure {

    /** What an erasure removed, per store. */
    public record Summary(String erasureId, String hubSubjectId, Map<String, Integer> removed, boolean dataKeyDestroyed) {
    }

    private final JdbcTemplate jdbc;
    private final Quarantine quarantine;
    private final Inbox inbox;
    private final Cases cases;
    private final Consents consents;
    private final SubjectIdentities subjects;
    private final Referrals referrals;
    private final DataKeys keys;
    private final DisclosureLedger ledger;
    private final AuditTrail audit;

    public Erasure(JdbcTemplate jdbc, Quarantine quarantine, Inbox inbox, Cases cases, Consents consents, SubjectIdentities subjects,
                   Referrals referrals, DataKeys keys, DisclosureLedger ledger, AuditTrail audit) {
        this.jdbc = jdbc;
        this.quarantine = quarantine;
        this.inbox = inbox;
        this.cases = cases;
        this.consents = consents;
        this.subjects = subjects;
        this.referrals = referrals;
        this.keys = keys;
        this.ledger = ledger;
        this.audit = audit;
    }

    /** Erases a subject; empty when the hub never knew it (no mapping, key, consent, referral or ledger entry). */
    @Transactional
    public Optional<Summary> erase(String hubSubjectId, String auditor) {
        String keyId = DataKeys.keyIdFor(hubSubjectId);
        boolean known = subjects.exists(hubSubjectId) || keys.exists(keyId) || consents.about(hubSubjectId)
                || referrals.about(hubSubjectId) || !ledger.forSubject(hubSubjectId).isEmpty();
        if (!known) {
            return Optional.empty();
        }
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("quarantineBodies", quarantine.eraseBodies(hubSubjectId, auditor));
        removed.put("inboxMessages", inbox.eraseSubject(hubSubjectId));
        removed.put("caseSnapshots", cases.eraseSnapshots(hubSubjectId));
        removed.put("consentEvidence", consents.eraseEvidence(hubSubjectId));
        removed.put("localIdMappings", subjects.eraseMappings(hubSubjectId));
        removed.put("referralLocalIds", referrals.eraseLocalIds(hubSubjectId));
        boolean destroyed = keys.destroy(keyId);
        String erasureId = "E-" + UUID.randomUUID();
        ledger.recordErasure(hubSubjectId, erasureId, auditor);
        audit.record(auditor, "subject-erasure", hubSubjectId, erasureId + " " + removed + (destroyed ? ", data key destroyed" : ""));
        return Optional.of(new Summary(erasureId, hubSubjectId, removed, destroyed));
    }
}
