package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import jp.jusou.hub.message.HubMessage;
import org.springframework.stereotype.Component;

/**
 * No basis cited: messages between the parties of a referral (its statuses), which coordination
 * already limits to them. Any recipient, special-care classes redacted.
 */
@Component
class NoBasis implements LegalBasis {

    @Override
    public String kind() {
        return LegalBases.NONE;
    }

    @Override
    public Permit permit(HubMessage message, JsonNode legalBasis) {
        return Permit.anyRecipient(Permit.NOT_SPECIAL_CARE);
    }
}
