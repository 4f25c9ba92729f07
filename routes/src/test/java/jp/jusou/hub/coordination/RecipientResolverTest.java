package jp.jusou.hub.coordination;

import static jp.jusou.hub.coordination.CoordinationStore.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.junit.jupiter.api.Test;

/** Who receives each type of message; nothing here reads a store. */
class RecipientResolverTest {

    final RecipientResolver resolver = new RecipientResolver();

    HubMessage resolved(HubMessage message, String otherParty) {
        resolver.resolve(message, otherParty);
        return message;
    }

    @Test
    void aReferralGoesToItsReceiver() {
        HubMessage referral = message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-1", "'payload': {'to': 'omuta-jiritsu'}");
        assertThat(resolved(referral, null).recipients()).containsExactly("omuta-jiritsu");
    }

    @Test
    void aStatusGoesToTheOtherPartyOfItsReferral() {
        HubMessage status = message(MessageType.REFERRAL_STATUS, "omuta-jiritsu", "M-2", "'payload': {'referralId': 'R-1'}");
        assertThat(resolved(status, "omuta-houkatsu-1").recipients()).containsExactly("omuta-houkatsu-1");
        HubMessage orphan = message(MessageType.REFERRAL_STATUS, "omuta-jiritsu", "M-3", "'payload': {'referralId': 'R-1'}");
        assertThatThrownBy(() -> resolver.resolve(orphan, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aCaseUpdateGoesToTheTeamOnceEachButNotToItsSender() {
        HubMessage update = message(MessageType.CASE_UPDATE, "omuta-takikan", "M-4", "'payload': {'team': [{'agency': 'omuta-takikan'},"
                + " {'agency': 'omuta-jiritsu'}, {'agency': 'omuta-houkatsu-1'}, {'agency': 'omuta-jiritsu'}]}");
        assertThat(resolved(update, null).recipients()).containsExactly("omuta-jiritsu", "omuta-houkatsu-1");
    }

    @Test
    void anOutreachNoticeGoesToThoseListedButNotToItsSender() {
        HubMessage notice = message(MessageType.OUTREACH_NOTICE, "omuta-takikan", "M-5",
                "'payload': {'to': ['omuta-jiritsu', 'omuta-takikan', 'omuta-houkatsu-1']}");
        assertThat(resolved(notice, null).recipients()).containsExactly("omuta-jiritsu", "omuta-houkatsu-1");
    }

    @Test
    void aConsentGoesToNoAgency() {
        HubMessage consent = message(MessageType.CONSENT, "omuta-houkatsu-1", "M-6", "'payload': {'action': 'grant'}");
        assertThat(resolved(consent, null).recipients()).isEmpty();
    }

    @Test
    void anythingElseThatNamesNobodyIsRejected() {
        HubMessage lonely = message(MessageType.CASE_UPDATE, "omuta-takikan", "M-7", "'payload': {'team': [{'agency': 'omuta-takikan'}]}");
        assertThatThrownBy(() -> resolver.resolve(lonely, null)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reasons().get(0).code()).isEqualTo(ReasonCode.NO_RECIPIENT);
            assertThat(e.reasons().get(0).path()).isEqualTo("$.payload");
        });
    }
}
