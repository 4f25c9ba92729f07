package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import org.junit.jupiter.api.Test;

/** A message that cites no basis (a referral's statuses): any recipient, no special-care class, nothing to audit. */
class NoBasisTest {

    final NoBasis basis = new NoBasis();

    @Test
    void anyRecipientGetsEveryClassButTheSpecialCareOnes() {
        HubMessage status = message(MessageType.REFERRAL_STATUS, "omuta-takikan", "H-1", "null");
        LegalBasis.Permit permit = basis.permit(status, MissingNode.getInstance());
        assertThat(permit.deny("omuta-houkatsu-1")).isNull();
        assertThat(permit.classes()).containsExactlyInAnyOrder("identity", "contact", "household", "summary");
    }

    @Test
    void itIsTheKindOfAMessageWithoutOneAndKeepsNothingForTheLedger() {
        assertThat(basis.kind()).isEqualTo(LegalBases.NONE).isEqualTo(LegalBases.kindOf(MissingNode.getInstance()));
        assertThat(basis.reference(MissingNode.getInstance())).isNull();
        assertThat(basis.reviewRequired()).isFalse();
    }
}
