package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * 生命・身体・財産の保護 when consent cannot be obtained (個人情報保護法第27条第1項第2号): a written
 * justification of real length ({@code hub.policy.vital-interest-min-justification} characters);
 * special-care classes are redacted; every disclosure on it goes to an auditor for review.
 */
@Component
class VitalInterestBasis implements LegalBasis {

    static final String KIND = "vital-interest";

    private final int minJustification;

    @Autowired
    VitalInterestBasis(PolicyProperties policy) {
        this(policy.vitalInterestMinJustification());
    }

    VitalInterestBasis(int minJustification) {
        this.minJustification = minJustification;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Permit permit(HubMessage message, JsonNode legalBasis) {
        String justification = legalBasis.path("justification").asText("").strip();
        if (justification.codePointCount(0, justification.length()) < minJustification) {
            throw new RejectedException(Reason.of(ReasonCode.VITAL_INTEREST_UNJUSTIFIED, "$.legalBasis.justification",
                    minJustification + "文字以上の具体的な理由が必要です。",
                    "At least " + minJustification + " characters of justification are needed."));
        }
        return Permit.anyRecipient(Permit.NOT_SPECIAL_CARE);
    }

    @Override
    public boolean reviewRequired() {
        return true;
    }
}
