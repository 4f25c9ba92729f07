package jp.jusou.hub.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.OutboundCopy;
import jp.jusou.hub.message.Reason;
import org.springframework.stereotype.Component;

/** Builds the delivery-report envelopes the hub sends back to a message's sender. */
@Component
public class DeliveryReports {

    private final ObjectMapper json;
    private final Clock clock;

    public DeliveryReports(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** A report: its id (also the outcome's id) and its JSON text. */
    public record Report(String messageId, String json) {
    }

    /**
     * A delivered report: to whom, what was redacted for whom (class and path, never the value), and
     * the recipients left out with their reasons.
     */
    public Report delivered(String inReplyTo, String municipality, List<String> recipients, List<OutboundCopy> copies,
                            List<Reason> notes, String brokerMessageId, String hubSubjectId) {
        ObjectNode payload = payload(inReplyTo, "delivered", brokerMessageId);
        if (hubSubjectId != null) {
            payload.put("hubSubjectId", hubSubjectId);
        }
        ArrayNode to = payload.putArray("recipients");
        recipients.forEach(to::add);
        ArrayNode redactions = payload.putArray("redactions");
        for (OutboundCopy copy : copies) {
            for (OutboundCopy.Redaction r : copy.redactions()) {
                redactions.addObject().put("recipient", copy.recipient()).put("dataClass", r.dataClass()).put("path", r.path());
            }
        }
        reasons(payload.putArray("reasons"), notes);
        return envelope(municipality, payload);
    }

    public Report rejected(String inReplyTo, String municipality, List<Reason> reasons, String brokerMessageId,
                           String originalOutcome) {
        ObjectNode payload = payload(inReplyTo, "rejected", brokerMessageId);
        payload.putArray("recipients");
        payload.putArray("redactions");
        reasons(payload.putArray("reasons"), reasons);
        if (originalOutcome != null) {
            payload.put("originalOutcome", originalOutcome);
        }
        return envelope(municipality, payload);
    }

    private static void reasons(ArrayNode list, List<Reason> reasons) {
        for (Reason reason : reasons) {
            ObjectNode r = list.addObject();
            r.put("code", reason.code().name());
            if (reason.path() == null) {
                r.putNull("path");
            } else {
                r.put("path", reason.path());
            }
            ObjectNode message = r.putObject("message");
            message.put("ja", reason.ja());
            message.put("en", reason.en());
        }
    }

    private ObjectNode payload(String inReplyTo, String outcome, String brokerMessageId) {
        ObjectNode payload = json.createObjectNode();
        if (inReplyTo == null) {
            payload.putNull("inReplyTo");
        } else {
            payload.put("inReplyTo", inReplyTo.length() > 128 ? inReplyTo.substring(0, 128) : inReplyTo);
        }
        payload.put("outcome", outcome);
        if (brokerMessageId != null) {
            payload.put("brokerMessageId", brokerMessageId);
        }
        return payload;
    }

    private Report envelope(String municipality, ObjectNode payload) {
        ObjectNode envelope = HubIssued.envelope(MessageType.DELIVERY_REPORT, municipality, clock);
        envelope.set("payload", payload);
        try {
            return new Report(envelope.get("messageId").asText(), json.writeValueAsString(envelope));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
