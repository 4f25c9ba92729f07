package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The referral state machine ({@link ReferralStatus}): a referral opens as requested with a response
 * deadline; a referral-status moves it only along a legal transition, by the party that may make that
 * move, with a reason where the status needs one.
 */
@Component
public class ReferralTransitions {

    private final Referrals referrals;
    private final Clock clock;
    private final int defaultResponseDays;

    public ReferralTransitions(Referrals referrals, Clock clock, CoordinationProperties properties) {
        this.referrals = referrals;
        this.clock = clock;
        this.defaultResponseDays = properties.defaultResponseDays();
    }

    /**
     * Rejects a referral-status whose move is not a legal one for its sender; returns the other party
     * of the referral, to whom the status goes (null for any other type of message). A redelivery of
     * a move an interrupted attempt already recorded is not judged again.
     */
    public String check(HubMessage message) {
        if (message.type() != MessageType.REFERRAL_STATUS) {
            return null;
        }
        JsonNode payload = message.payload();
        Referrals.Referral referral = referrals.forStatus(message);
        ReferralStatus.Party party;
        if (message.sender().equals(referral.receiver())) {
            party = ReferralStatus.Party.RECEIVER;
        } else if (message.sender().equals(referral.requester())) {
            party = ReferralStatus.Party.REQUESTER;
        } else {
            throw new RejectedException(Reason.of(ReasonCode.NOT_REFERRAL_PARTY, "$.payload.referralId"));
        }
        String otherParty = party == ReferralStatus.Party.RECEIVER ? referral.requester() : referral.receiver();
        ReferralStatus target = ReferralStatus.fromWire(payload.path("status").asText()).orElseThrow();
        if (referrals.applied(referral, message.sender(), message.messageId())) {
            // an earlier attempt at this very message recorded the move, then its broker commit failed
            return otherParty;
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
        return otherParty;
    }

    /**
     * Records what an accepted message does to its referral, in the outcome's database transaction: a
     * referral opens (requested; due by its respondBy, else in the default number of days), a status
     * moves it. A move already recorded for this message changes nothing; a move the referral's status
     * no longer allows (another status was accepted since this one was checked) fails, so that the
     * redelivered message is checked again.
     */
    @Transactional
    public void accepted(HubMessage message) {
        JsonNode payload = message.payload();
        if (message.type() == MessageType.REFERRAL) {
            LocalDate respondBy = payload.hasNonNull("respondBy") ? LocalDate.parse(payload.path("respondBy").asText())
                    : LocalDate.now(clock).plusDays(defaultResponseDays);
            referrals.recordOpened(payload.path("referralId").asText(), message.sender(), payload.path("to").asText(),
                    message.tree().path("subject").path("localId").asText(null), message.messageId(), respondBy, message.hubSubjectId());
        } else if (message.type() == MessageType.REFERRAL_STATUS) {
            Referrals.Referral referral = referrals.forStatus(message);
            if (referrals.applied(referral, message.sender(), message.messageId())) {
                return;
            }
            ReferralStatus target = ReferralStatus.fromWire(payload.path("status").asText()).orElseThrow();
            if (!referral.status().next().contains(target)) {
                throw new IllegalStateException("referral " + referral.referralId() + " changed status concurrently");
            }
            referrals.move(referral, target, message.sender(), message.messageId());
        }
    }
}
