package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who a message is about, as the hub knows the person: its pseudonymous hubSubjectId, found from the
 * id the message names or the sender's local id, and the agencies' local ids mapped to it once a
 * message is accepted.
 */
@Component
public class SubjectIdentity {

    private final SubjectIdentities subjects;
    private final Referrals referrals;

    public SubjectIdentity(SubjectIdentities subjects, Referrals referrals) {
        this.subjects = subjects;
        this.referrals = referrals;
    }

    /**
     * Sets the message's hubSubjectId: the one the message names, else the one the sender's local id
     * is mapped to, else (first referral, consent or case update about the person) a new one. A
     * localId mapped to another subject than the one named, or a referral-status whose subject is not
     * the referral's, is a SUBJECT_MISMATCH.
     */
    public void resolve(HubMessage message) {
        JsonNode subject = message.tree().path("subject");
        String named = subject.path("hubSubjectId").asText("");
        String localId = subject.path("localId").asText("");
        String mapped = localId.isEmpty() ? null : subjects.find(message.sender(), localId).orElse(null);
        if (!named.isEmpty() && mapped != null && !mapped.equals(named)) {
            throw new RejectedException(Reason.of(ReasonCode.SUBJECT_MISMATCH, "$.subject",
                    "このlocalIdは別の対象者に対応づけられています。", "This localId belongs to another subject."));
        }
        String hubId = !named.isEmpty() ? named : mapped;
        if (message.type() == MessageType.REFERRAL_STATUS) {
            Referrals.Referral referral = referrals.forStatus(message);
            if (referral.hubSubjectId() != null) {
                if (hubId != null && !hubId.equals(referral.hubSubjectId())) {
                    throw new RejectedException(Reason.of(ReasonCode.SUBJECT_MISMATCH, "$.subject"));
                }
                hubId = referral.hubSubjectId();
            }
        }
        if (hubId == null && !localId.isEmpty() && (message.type() == MessageType.REFERRAL
                || message.type() == MessageType.CONSENT || message.type() == MessageType.CASE_UPDATE)) {
            hubId = SubjectIdentities.newId();
        }
        message.hubSubjectId(hubId);
    }

    /**
     * Maps the sender's local id (and, on an accepted referral, the receiver's) to the subject once the
     * message is accepted; runs in the outcome's database transaction. The first mapping wins.
     */
    @Transactional
    public void accepted(HubMessage message) {
        if (message.hubSubjectId() == null) {
            return;
        }
        JsonNode payload = message.payload();
        String localId = message.tree().path("subject").path("localId").asText("");
        if (!localId.isEmpty()) {
            subjects.map(message.sender(), localId, message.hubSubjectId());
        }
        if (message.type() == MessageType.REFERRAL_STATUS && payload.hasNonNull("receiverLocalId")
                && "accepted".equals(payload.path("status").asText())) {
            subjects.map(message.sender(), payload.path("receiverLocalId").asText(), message.hubSubjectId());
        }
    }
}
