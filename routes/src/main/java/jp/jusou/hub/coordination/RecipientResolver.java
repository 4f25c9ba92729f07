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
 *   <li>case-update → every team member of the plan except the sender;</li>
 *   <li>outreach-notice → {@code payload.to} (the meeting registry of the policy issue narrows it to members);</li>
 *   <li>consent → nobody: the hub itself is the recipient (the consent registry is the policy issue's).</li>
 * </ul>
 */
@Component
public class RecipientResolver {

    private final Referrals referrals;

    public RecipientResolver(Referrals referrals) {
        this.referrals = referrals;
    }

    public void resolve(HubMessage message) {
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

    private String otherParty(HubMessage message) {
        String referralId = message.payload().path("referralId").asText();
        Referrals.Referral referral = referrals.find(referralId)
                .orElseThrow(() -> new RejectedException(Reason.of(ReasonCode.UNKNOWN_REFERRAL, "$.payload.referralId")));
        if (message.sender().equals(referral.receiver())) {
            return referral.requester();
        }
        if (message.sender().equals(referral.requester())) {
            return referral.receiver();
        }
        throw new RejectedException(Reason.of(ReasonCode.NOT_REFERRAL_PARTY, "$.payload.referralId"));
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
        if (message.type() == jp.jusou.hub.message.MessageType.REFERRAL) {
            JsonNode payload = message.payload();
            referrals.recordOpened(payload.path("referralId").asText(), message.sender(), payload.path("to").asText(),
                    message.tree().path("subject").path("localId").asText(null));
        }
    }
}
