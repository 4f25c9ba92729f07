package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * Who receives a message, by type:
 * <ul>
 *   <li>referral → {@code payload.to};</li>
 *   <li>referral-status → the other party of the referral (the hub knows it from the referral it
 *       delivered: {@link ReferralTransitions#check} names it);</li>
 *   <li>case-update → every team member of the plan except the sender ({@link CaseRules} decides
 *       whether the update may be sent at all);</li>
 *   <li>outreach-notice → {@code payload.to} except the sender (the policy engine keeps only the
 *       支援会議's members);</li>
 *   <li>consent → nobody but the hub's consent registry (a revocation's consent-withdrawn copies are
 *       the policy engine's).</li>
 * </ul>
 * Any type but consent that names nobody is rejected (NO_RECIPIENT).
 */
@Component
public class RecipientResolver {

    /**
     * Sets the message's recipients.
     *
     * @param otherParty for a referral-status, the other party of its referral (from {@link ReferralTransitions#check})
     */
    public void resolve(HubMessage message, String otherParty) {
        JsonNode payload = message.payload();
        List<String> recipients = switch (message.type()) {
            case REFERRAL -> List.of(payload.path("to").asText());
            case REFERRAL_STATUS -> List.of(java.util.Objects.requireNonNull(otherParty, "a referral-status's other party"));
            case CASE_UPDATE -> teamExceptSender(message);
            case OUTREACH_NOTICE -> listed(payload.path("to"), message.sender());
            case CONSENT -> List.of();
            default -> throw new IllegalStateException("not an agency type: " + message.type());
        };
        if (recipients.isEmpty() && message.type() != MessageType.CONSENT) {
            throw new RejectedException(Reason.of(ReasonCode.NO_RECIPIENT, "$.payload"));
        }
        message.recipients(recipients);
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
}
