package jp.jusou.hub.coordination;

import static jp.jusou.hub.coordination.CoordinationStore.message;
import static jp.jusou.hub.coordination.CoordinationStore.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The referral state machine on a store of its own: who may move a referral where, and how a move is recorded. */
class ReferralTransitionsTest {

    @TempDir
    static Path keyDir;

    static CoordinationStore shared;
    CoordinationStore store;
    ReferralTransitions transitions;

    @BeforeEach
    void store() {
        if (shared == null) {
            shared = new CoordinationStore(keyDir);
        }
        store = shared.clear();
        transitions = new ReferralTransitions(store.referrals, CoordinationStore.CLOCK,
                new CoordinationProperties(7, java.time.Duration.ofMinutes(1)));
        store.opened("R-1", "omuta-houkatsu-1", "omuta-jiritsu", "S-AAAA-BBBB");
    }

    /** Checked, then recorded as the pipeline does once it is accepted; returns where it goes. */
    String accept(HubMessage message) {
        String otherParty = transitions.check(message);
        transitions.accepted(message);
        return otherParty;
    }

    static void assertRejected(HubMessage message, ReferralTransitions transitions, ReasonCode code, String path) {
        assertThatThrownBy(() -> transitions.check(message)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reasons()).extracting(r -> r.code()).containsExactly(code);
            assertThat(e.reasons().get(0).path()).isEqualTo(path);
        });
    }

    @Test
    void aReferralOpensRequestedDueByItsRespondByOrInTheDefaultDays() {
        transitions.accepted(message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-2",
                "'subject': {'localId': 'L-2'}, 'payload': {'referralId': 'R-2', 'to': 'omuta-takikan', 'respondBy': '2026-06-20'}"));
        transitions.accepted(message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-3",
                "'payload': {'referralId': 'R-3', 'to': 'omuta-takikan'}"));
        assertThat(store.referral("omuta-houkatsu-1", "R-2").status()).isEqualTo(ReferralStatus.REQUESTED);
        assertThat(store.referral("omuta-houkatsu-1", "R-2").subjectLocalId()).isEqualTo("L-2");
        assertThat(respondBy("R-2")).isEqualTo(LocalDate.of(2026, 6, 20));
        assertThat(respondBy("R-3")).as("7 days after the clock's day").isEqualTo(LocalDate.of(2026, 6, 8));
        assertThat(transitions.check(message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-4", "'payload': {}"))).isNull();
    }

    LocalDate respondBy(String referralId) {
        return store.jdbc.queryForObject("SELECT respond_by FROM referral WHERE referral_id = ?", java.sql.Date.class, referralId)
                .toLocalDate();
    }

    @Test
    void eachPartyMovesTheReferralAlongLegalTransitionsAndTheStatusGoesToTheOther() {
        assertThat(accept(status("omuta-jiritsu", "M-S1", "R-1", "accepted", null))).isEqualTo("omuta-houkatsu-1");
        assertThat(accept(status("omuta-jiritsu", "M-S2", "R-1", "in-progress", null))).isEqualTo("omuta-houkatsu-1");
        assertThat(accept(status("omuta-houkatsu-1", "M-S3", "R-1", "cancelled", "本人が転居"))).isEqualTo("omuta-jiritsu");
        Referrals.Referral referral = store.referral("omuta-houkatsu-1", "R-1");
        assertThat(referral.status()).isEqualTo(ReferralStatus.CANCELLED);
        assertThat(store.referrals.history(referral)).extracting(Referrals.Event::status)
                .containsExactly("requested", "accepted", "in-progress", "cancelled");
    }

    @Test
    void anIllegalMoveAWrongPartyOrAMissingReasonIsRejected() {
        assertRejected(status("omuta-jiritsu", "M-S1", "R-1", "completed", null), transitions, ReasonCode.ILLEGAL_TRANSITION,
                "$.payload.status");
        assertRejected(status("omuta-houkatsu-1", "M-S2", "R-1", "accepted", null), transitions, ReasonCode.ILLEGAL_TRANSITION,
                "$.payload.status");
        assertRejected(status("omuta-jiritsu", "M-S3", "R-1", "rejected", " "), transitions, ReasonCode.REASON_REQUIRED,
                "$.payload.reason");
        assertThat(store.referral("omuta-houkatsu-1", "R-1").status()).isEqualTo(ReferralStatus.REQUESTED);
    }

    @Test
    void onlyAPartyFindsTheReferralAndSeveralRequestersMustBeTold() {
        assertRejected(status("omuta-takikan", "M-S1", "R-1", "accepted", null), transitions, ReasonCode.NOT_REFERRAL_PARTY,
                "$.payload.referralId");
        assertRejected(status("omuta-jiritsu", "M-S2", "R-404", "accepted", null), transitions, ReasonCode.UNKNOWN_REFERRAL,
                "$.payload.referralId");
        store.opened("R-1", "omuta-houkatsu-2", "omuta-jiritsu", "S-CCCC-DDDD");
        assertRejected(status("omuta-jiritsu", "M-S3", "R-1", "accepted", null), transitions, ReasonCode.AMBIGUOUS_REFERRAL,
                "$.payload.requester");
        HubMessage named = status("omuta-jiritsu", "M-S4", "R-1", "accepted", null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) named.payload()).put("requester", "omuta-houkatsu-2");
        assertThat(accept(named)).isEqualTo("omuta-houkatsu-2");
        assertThat(store.referral("omuta-houkatsu-1", "R-1").status()).isEqualTo(ReferralStatus.REQUESTED);
    }

    @Test
    void aMoveRecordedByAnInterruptedAttemptIsNotJudgedOrRecordedAgain() {
        accept(status("omuta-jiritsu", "M-S1", "R-1", "accepted", null));
        assertThat(accept(status("omuta-jiritsu", "M-S1", "R-1", "accepted", null))).isEqualTo("omuta-houkatsu-1");
        assertThat(store.referrals.history(store.referral("omuta-houkatsu-1", "R-1"))).hasSize(2);
    }

    @Test
    void aMoveOvertakenSinceItWasCheckedFailsSoThatItIsCheckedAgain() {
        HubMessage accepted = status("omuta-jiritsu", "M-S1", "R-1", "accepted", null);
        transitions.check(accepted);
        accept(status("omuta-jiritsu", "M-S2", "R-1", "rejected", "対象外"));
        assertThatThrownBy(() -> transitions.accepted(accepted)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(RejectedException.class);
    }
}
