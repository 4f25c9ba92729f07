package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.assertRejected;
import static jp.jusou.hub.policy.LegalBasisFixtures.json;
import static jp.jusou.hub.policy.LegalBasisFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import org.junit.jupiter.api.Test;

/** 生命・身体・財産の保護 as a basis: a justification of real length, no special-care classes, audited. */
class VitalInterestBasisTest {

    final VitalInterestBasis basis = new VitalInterestBasis(new PolicyProperties(Map.of(), false, 10));

    LegalBasis.Permit permit(String justification) {
        HubMessage message = message(MessageType.REFERRAL, "omuta-houkatsu-1", "H-1",
                "{'kind': 'vital-interest', 'justification': '" + justification + "'}");
        return basis.permit(message, message.tree().path("legalBasis"));
    }

    @Test
    void aJustificationOfTheMinimumLengthInCharactersAllowsEveryRecipientButNoSpecialCareClass() {
        LegalBasis.Permit permit = permit("本人が室内で倒れている。"); // 12 characters, 36 bytes
        assertThat(permit.deny("omuta-takikan")).isNull();
        assertThat(permit.classes()).contains("identity", "contact", "summary")
                .doesNotContainAnyElementsOf(PolicyProperties.SPECIAL_CARE);
        assertThat(permit("１２３４５６７８９０").classes()).isNotEmpty();
    }

    @Test
    void aShortOrBlankJustificationIsRefused() {
        assertRejected(() -> permit("緊急です"), ReasonCode.VITAL_INTEREST_UNJUSTIFIED, "$.legalBasis.justification");
        assertRejected(() -> permit("   緊急です。     "), ReasonCode.VITAL_INTEREST_UNJUSTIFIED, "$.legalBasis.justification");
        assertRejected(() -> permit(""), ReasonCode.VITAL_INTEREST_UNJUSTIFIED, "$.legalBasis.justification");
    }

    @Test
    void everyDisclosureOnItIsReviewedAndNoReferenceIsKept() {
        assertThat(basis.kind()).isEqualTo("vital-interest");
        assertThat(basis.reviewRequired()).isTrue();
        assertThat(basis.reference(json("{'kind': 'vital-interest', 'justification': '本人が室内で倒れている。'}"))).isNull();
    }

    @Test
    void theMinimumComesFromThePolicy() {
        VitalInterestBasis lenient = new VitalInterestBasis(new PolicyProperties(Map.of(), false, 2));
        HubMessage message = message(MessageType.REFERRAL, "omuta-houkatsu-1", "H-1", "{'kind': 'vital-interest', 'justification': '緊急'}");
        assertThat(lenient.permit(message, message.tree().path("legalBasis")).classes()).isEqualTo(LegalBasis.Permit.NOT_SPECIAL_CARE);
    }
}
