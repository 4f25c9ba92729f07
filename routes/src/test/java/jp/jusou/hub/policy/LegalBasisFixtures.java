package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Messages and assertions the legal-basis unit tests share. */
final class LegalBasisFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private LegalBasisFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A message of this type from {@code sender} about the subject the hub knows as {@code hubSubjectId}. */
    static HubMessage message(MessageType type, String sender, String hubSubjectId, String legalBasis) {
        HubMessage message = new HubMessage(sender, "core:1");
        message.tree(json("{'messageId': 'M-1', 'sender': '" + sender + "', 'legalBasis': " + legalBasis + ", 'payload': {}}"));
        message.type(type);
        message.hubSubjectId(hubSubjectId);
        return message;
    }

    /** The call is refused with exactly one reason, of this code at this path. */
    static void assertRejected(ThrowingCallable call, ReasonCode code, String path) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.reasons()).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(e.reasons().get(0).code()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.reasons().get(0).path()).isEqualTo(path);
        });
    }
}
