package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * 支援会議 (社会福祉法第106条の6): the meeting is registered as one and the sender is a member; only
 * members receive, every data class (the members are bound to confidentiality by the statute).
 */
@Component
class MeetingBasis implements LegalBasis {

    static final String KIND = "shien-kaigi";

    private static final String PATH = "$.legalBasis.meetingId";

    private final Function<String, Optional<Meetings.Meeting>> meetings;

    @Autowired
    MeetingBasis(Meetings meetings) {
        this(meetings::find);
    }

    MeetingBasis(Function<String, Optional<Meetings.Meeting>> meetings) {
        this.meetings = meetings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Permit permit(HubMessage message, JsonNode legalBasis) {
        Meetings.Meeting meeting = meetings.apply(legalBasis.path("meetingId").asText()).orElse(null);
        if (meeting == null || !KIND.equals(meeting.type()) || !meeting.members().contains(message.sender())) {
            throw new RejectedException(Reason.of(ReasonCode.NOT_MEETING_MEMBER, PATH,
                    meeting == null ? "登録された支援会議がありません。" : "送信元が構成員ではありません。",
                    meeting == null ? "No such registered meeting." : "The sender is not a member."));
        }
        return new Permit(Permit.EVERY_CLASS, recipient -> meeting.members().contains(recipient) ? null
                : Reason.of(ReasonCode.NOT_MEETING_MEMBER, PATH, "宛先: " + recipient, "Recipient: " + recipient));
    }

    @Override
    public String reference(JsonNode legalBasis) {
        return legalBasis.path("meetingId").asText(null);
    }
}
