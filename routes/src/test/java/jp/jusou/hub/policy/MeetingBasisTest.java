package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.assertRejected;
import static jp.jusou.hub.policy.LegalBasisFixtures.json;
import static jp.jusou.hub.policy.LegalBasisFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import org.junit.jupiter.api.Test;

/** 支援会議 as a basis: a registered meeting of that type, the sender and each recipient members of it. */
class MeetingBasisTest {

    static final String BASIS = "{'kind': 'shien-kaigi', 'meetingId': 'K-1'}";

    final Map<String, Meetings.Meeting> meetings = new HashMap<>();
    final MeetingBasis basis = new MeetingBasis(id -> Optional.ofNullable(meetings.get(id)));

    static Meetings.Meeting meeting(String type, String... members) {
        return new Meetings.Meeting("K-1", "402028", type, List.of(members), "omuta-takikan");
    }

    LegalBasis.Permit permit(String sender) {
        HubMessage message = message(MessageType.OUTREACH_NOTICE, sender, null, BASIS);
        return basis.permit(message, message.tree().path("legalBasis"));
    }

    @Test
    void membersReceiveEveryClassAndNobodyElseAnything() {
        meetings.put("K-1", meeting("shien-kaigi", "omuta-takikan", "omuta-houkatsu-1", "omuta-jiritsu"));
        LegalBasis.Permit permit = permit("omuta-houkatsu-1");
        assertThat(permit.classes()).isEqualTo(LegalBasis.Permit.EVERY_CLASS).contains("health", "criminal", "finance");
        assertThat(permit.deny("omuta-jiritsu")).isNull();
        assertThat(permit.deny("omuta-shakyo").code()).isEqualTo(ReasonCode.NOT_MEETING_MEMBER);
        assertThat(permit.deny("omuta-shakyo").path()).isEqualTo("$.legalBasis.meetingId");
    }

    @Test
    void anUnregisteredMeetingAnotherKindOfMeetingOrANonMemberSenderIsRefused() {
        assertRejected(() -> permit("omuta-houkatsu-1"), ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.meetingId");
        meetings.put("K-1", meeting("juso-kaigi", "omuta-takikan", "omuta-houkatsu-1"));
        assertRejected(() -> permit("omuta-houkatsu-1"), ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.meetingId");
        meetings.put("K-1", meeting("shien-kaigi", "omuta-takikan", "omuta-jiritsu"));
        assertRejected(() -> permit("omuta-houkatsu-1"), ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.meetingId");
    }

    @Test
    void theLedgerKeepsTheMeetingIdAndNeedsNoReview() {
        assertThat(basis.kind()).isEqualTo("shien-kaigi");
        assertThat(basis.reference(json(BASIS))).isEqualTo("K-1");
        assertThat(basis.reviewRequired()).isFalse();
    }
}
