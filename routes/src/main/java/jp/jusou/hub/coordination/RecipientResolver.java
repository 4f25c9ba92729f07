package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who receives a message, by type:
 * <ul>
 *   <li>referral → {@code payload.to};</li>
 *   <li>referral-status → the other party of the referral (the hub knows it from the referral it delivered);</li>
 *   <li>case-update → every team member of the plan except the sender (only from the coordinator,
 *       with an increasing plan version; a closed case takes nothing until reopened);</li>
 *   <li>outreach-notice → {@code payload.to} (the policy engine keeps only the 支援会議's members);</li>
 *   <li>consent → nobody but the hub's consent registry (a revocation's consent-withdrawn copies are the policy engine's).</li>
 * </ul>
 */
@Component
public class RecipientResolver {

    private final Referrals referrals;
    private final Cases cases;
    private final SubjectIdentities subjects;
    private final jp.jusou.hub.connectors.AgencyDirectory directory;
    private final java.time.Clock clock;
    private final int defaultResponseDays;

    public RecipientResolver(Referrals referrals, Cases cases, SubjectIdentities subjects, jp.jusou.hub.connectors.AgencyDirectory directory,
                             java.time.Clock clock,
                             CoordinationProperties properties) {
        this.referrals = referrals;
        this.subjects = subjects;
        this.cases = cases;
        this.directory = directory;
        this.clock = clock;
        this.defaultResponseDays = properties.defaultResponseDays();
    }

    public void resolve(HubMessage message) {
        checkCase(message);
        resolveSubject(message);
        JsonNode payload = message.payload();
        List<String> recipients = switch (message.type()) {
            case REFERRAL -> List.of(payload.path("to").asText());
            case REFERRAL_STATUS -> List.of(otherParty(message));
            case CASE_UPDATE -> teamExceptSender(message);
            case OUTREACH_NOTICE -> listed(payload.path("to"), message.sender());
            case CONSENT -> List.of();
            default -> throw new IllegalStateException("not an agency type: " + message.type());
        };
        if (recipients.isEmpty() && message.type() != jp.jusou.hub.message.MessageType.CONSENT) {
            throw new RejectedException(Reason.of(ReasonCode.NO_RECIPIENT, "$.payload"));
        }
        message.recipients(recipients);
    }

    /** The other party of a referral-status, once the move it reports is a legal one. */
    private String otherParty(HubMessage message) {
        JsonNode payload = message.payload();
        Referrals.Referral referral = referralOf(message);
        ReferralStatus.Party party;
        if (message.sender().equals(referral.receiver())) {
            party = ReferralStatus.Party.RECEIVER;
        } else if (message.sender().equals(referral.requester())) {
            party = ReferralStatus.Party.REQUESTER;
        } else {
            throw new RejectedException(Reason.of(ReasonCode.NOT_REFERRAL_PARTY, "$.payload.referralId"));
        }
        ReferralStatus target = ReferralStatus.fromWire(payload.path("status").asText()).orElseThrow();
        if (referrals.applied(referral, message.sender(), message.messageId())) {
            // an earlier attempt at this very message recorded the move, then its broker commit failed
            return party == ReferralStatus.Party.RECEIVER ? referral.requester() : referral.receiver();
        }
        if (!referral.status().next().contains(target)) {
            throw new RejectedException(Reason.of(ReasonCode.ILLEGAL_TRANSITION, "$.payload.status",
                    referral.status().wireName() + " → " + target.wireName(), referral.status().wireName() + " → " + target.wireName()));
        }
        if (!ReferralStatus.mayMove(party, target)) {
            throw new RejectedException(Reason.of(ReasonCode.ILLEGAL_TRANSITION, "$.payload.status",
                    (party == ReferralStatus.Party.REQUESTER ? "紹介元" : "紹介先") + "はこの状態にできません: " + target.wireName(),
                    "The " + party.name().toLowerCase() + " may not set " + target.wireName() + "."));
        }
        if (target.needsReason() && payload.path("reason").asText("").isBlank()) {
            throw new RejectedException(Reason.of(ReasonCode.REASON_REQUIRED, "$.payload.reason"));
        }
        return party == ReferralStatus.Party.RECEIVER ? referral.requester() : referral.receiver();
    }

    /**
     * The referral a referral-status is about, looked up in the sender's own scope: referralIds are
     * unique per requester only, so a receiver that got the same id from two requesters must name
     * the one it answers ({@code payload.requester}).
     */
    private Referrals.Referral referralOf(HubMessage message) {
        String referralId = message.payload().path("referralId").asText();
        String requester = message.payload().path("requester").asText(null);
        List<Referrals.Referral> found = referrals.inScopeOf(message.sender(), referralId, requester);
        if (found.size() > 1) {
            throw new RejectedException(Reason.of(ReasonCode.AMBIGUOUS_REFERRAL, "$.payload.requester"));
        }
        if (found.isEmpty()) {
            boolean someoneElses = referrals.anyWithId(referralId);
            throw new RejectedException(Reason.of(someoneElses ? ReasonCode.NOT_REFERRAL_PARTY : ReasonCode.UNKNOWN_REFERRAL,
                    "$.payload.referralId"));
        }
        return found.get(0);
    }

    /**
     * The subject as the hub knows it: the hubSubjectId the message names, else the one the sender's
     * local id is mapped to, else (first referral or consent about the person) a new one. A
     * referral-status whose subject is not the referral's is a SUBJECT_MISMATCH.
     */
    private void resolveSubject(HubMessage message) {
        JsonNode subject = message.tree().path("subject");
        String named = subject.path("hubSubjectId").asText("");
        String localId = subject.path("localId").asText("");
        String mapped = localId.isEmpty() ? null : subjects.find(message.sender(), localId).orElse(null);
        if (!named.isEmpty() && mapped != null && !mapped.equals(named)) {
            throw new RejectedException(Reason.of(ReasonCode.SUBJECT_MISMATCH, "$.subject",
                    "このlocalIdは別の対象者に対応づけられています。", "This localId belongs to another subject."));
        }
        String hubId = !named.isEmpty() ? named : mapped;
        if (message.type() == jp.jusou.hub.message.MessageType.REFERRAL_STATUS) {
            Referrals.Referral referral = referralOf(message);
            if (referral.hubSubjectId() != null) {
                if (hubId != null && !hubId.equals(referral.hubSubjectId())) {
                    throw new RejectedException(Reason.of(ReasonCode.SUBJECT_MISMATCH, "$.subject"));
                }
                hubId = referral.hubSubjectId();
            }
        }
        if (hubId == null && !localId.isEmpty() && (message.type() == jp.jusou.hub.message.MessageType.REFERRAL
                || message.type() == jp.jusou.hub.message.MessageType.CONSENT || message.type() == jp.jusou.hub.message.MessageType.CASE_UPDATE)) {
            hubId = SubjectIdentities.newId();
        }
        message.hubSubjectId(hubId);
    }

    /**
     * Case rules: only the coordinator issues case updates, plan versions only increase, and a closed
     * case takes no message until the coordinator reopens it with a newer plan that does not close it.
     */
    private void checkCase(HubMessage message) {
        String caseId = message.tree().path("caseId").asText("");
        boolean update = message.type() == jp.jusou.hub.message.MessageType.CASE_UPDATE;
        if (update && !directory.find(message.sender()).map(a -> "takikan".equals(a.kind())).orElse(false)) {
            throw new RejectedException(Reason.of(ReasonCode.NOT_COORDINATOR, "$.sender"));
        }
        if (caseId.isEmpty()) {
            return;
        }
        Cases.CoordinatedCase current = cases.find(message.municipality(), caseId).orElse(null);
        if (current == null) {
            return; // a new case: its sender becomes its coordinator
        }
        if (update && !current.coordinator().equals(message.sender())) {
            // a case has one coordinator, fixed when it was opened: another takikan cannot re-plan or close it
            throw new RejectedException(Reason.of(ReasonCode.NOT_COORDINATOR, "$.caseId",
                    "このケースの調整は別の機関が担当しています。", "Another agency coordinates this case."));
        }
        if (update && message.messageId().equals(current.lastMessageId())) {
            return; // a redelivery of the update an interrupted attempt already applied
        }
        if (!update) {
            if (current.closed()) {
                throw new RejectedException(Reason.of(ReasonCode.CASE_CLOSED, "$.caseId"));
            }
            return;
        }
        int planVersion = message.payload().path("planVersion").asInt();
        if (planVersion <= current.planVersion()) {
            throw new RejectedException(Reason.of(ReasonCode.STALE_PLAN_VERSION, "$.payload.planVersion",
                    "現在の版: " + current.planVersion(), "Current version: " + current.planVersion()));
        }
        if (current.closed() && "closure".equals(message.payload().path("decision").asText())) {
            throw new RejectedException(Reason.of(ReasonCode.CASE_CLOSED, "$.caseId"));
        }
    }

    private static List<String> teamExceptSender(HubMessage message) {
        Set<String> team = new LinkedHashSet<>();
        for (JsonNode member : message.payload().path("team")) {
            team.add(member.path("agency").asText());
        }
        team.remove(message.sender());
        return new ArrayList<>(team);
    }

    private static List<String> listed(JsonNode array, String sender) {
        Set<String> recipients = new LinkedHashSet<>();
        array.forEach(a -> recipients.add(a.asText()));
        recipients.remove(sender);
        return new ArrayList<>(recipients);
    }

    /**
     * What coordination remembers once a message is accepted for delivery; runs inside the
     * pipeline's outcome transaction, so it is written once with the outcome.
     */
    @Transactional
    public void accepted(HubMessage message) {
        JsonNode payload = message.payload();
        String localId = message.tree().path("subject").path("localId").asText("");
        if (message.hubSubjectId() != null && !localId.isEmpty()) {
            subjects.map(message.sender(), localId, message.hubSubjectId());
        }
        if (message.type() == jp.jusou.hub.message.MessageType.REFERRAL_STATUS && message.hubSubjectId() != null
                && payload.hasNonNull("receiverLocalId") && "accepted".equals(payload.path("status").asText())) {
            subjects.map(message.sender(), payload.path("receiverLocalId").asText(), message.hubSubjectId());
        }
        if (message.type() == jp.jusou.hub.message.MessageType.REFERRAL) {
            java.time.LocalDate respondBy = payload.hasNonNull("respondBy") ? java.time.LocalDate.parse(payload.path("respondBy").asText())
                    : java.time.LocalDate.now(clock).plusDays(defaultResponseDays);
            referrals.recordOpened(payload.path("referralId").asText(), message.sender(), payload.path("to").asText(),
                    message.tree().path("subject").path("localId").asText(null), message.messageId(), respondBy, message.hubSubjectId());
        } else if (message.type() == jp.jusou.hub.message.MessageType.CASE_UPDATE) {
            String caseId = message.tree().path("caseId").asText();
            Cases.CoordinatedCase current = cases.find(message.municipality(), caseId).orElse(null);
            if (current != null && message.messageId().equals(current.lastMessageId())) {
                return;
            }
            List<String> team = new ArrayList<>();
            payload.path("team").forEach(m -> team.add(m.path("agency").asText()));
            cases.apply(message.municipality(), caseId, payload.path("planVersion").asInt(),
                    "closure".equals(payload.path("decision").asText()), team, message.sender(), message.messageId(), message.text(),
                    message.hubSubjectId());
        } else if (message.type() == jp.jusou.hub.message.MessageType.REFERRAL_STATUS) {
            Referrals.Referral referral = referralOf(message);
            if (referrals.applied(referral, message.sender(), message.messageId())) {
                return;
            }
            ReferralStatus target = ReferralStatus.fromWire(payload.path("status").asText()).orElseThrow();
            if (!referral.status().next().contains(target)) {
                // another status for this referral was accepted since this one was judged: judge it again
                throw new IllegalStateException("referral " + referral.referralId() + " changed status concurrently");
            }
            referrals.move(referral, target, message.sender(), message.messageId());
        }
    }
}
