package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * Second step: the message's type is one agencies may send, and the whole message (envelope and
 * payload) conforms to that type's schema. Each violation becomes a reason with its JSON path; a
 * validator text that would echo the offending value is left out (values may be personal data).
 */
@Component
public class Validator {

    static final int MAX_REASONS = 20;

    private final SchemaCatalog schemas;

    public Validator(SchemaCatalog schemas) {
        this.schemas = schemas;
    }

    public void validate(HubMessage message) {
        JsonNode typeNode = message.tree().get("type");
        MessageType type = typeNode != null && typeNode.isTextual() ? MessageType.fromWire(typeNode.asText()).orElse(null) : null;
        if (type == null) {
            throw new RejectedException(Reason.of(ReasonCode.UNKNOWN_TYPE, "$.type"));
        }
        if (!type.sentByAgencies()) {
            throw new RejectedException(Reason.of(ReasonCode.UNKNOWN_TYPE, "$.type",
                    "この種別はハブだけが発行します。", "Only the hub issues this type."));
        }
        message.type(type);
        Set<ValidationMessage> violations = schemas.validate(type, message.tree());
        if (!violations.isEmpty()) {
            throw new RejectedException(reasons(violations));
        }
    }

    static List<Reason> reasons(Set<ValidationMessage> violations) {
        List<ValidationMessage> sorted = new ArrayList<>(violations);
        sorted.sort(Comparator.comparing((ValidationMessage v) -> v.getInstanceLocation().toString()).thenComparing(ValidationMessage::getType));
        List<Reason> reasons = new ArrayList<>();
        for (ValidationMessage v : sorted.subList(0, Math.min(MAX_REASONS, sorted.size()))) {
            String path = v.getInstanceLocation().toString();
            if (v.getProperty() != null && ("required".equals(v.getType()) || "additionalProperties".equals(v.getType())
                    || "unevaluatedProperties".equals(v.getType()))) {
                path = path + "." + v.getProperty();
            }
            reasons.add(Reason.of(ReasonCode.SCHEMA_VIOLATION, path,
                    "（" + v.getType() + "）", "(" + v.getType() + ") " + safeDetail(v)));
        }
        return reasons;
    }

    /** The validator's text, unless it would repeat the offending value. */
    static String safeDetail(ValidationMessage v) {
        String text = v.getMessage();
        JsonNode instance = v.getInstanceNode();
        if (instance != null && instance.isValueNode()) {
            String value = instance.asText();
            if (!value.isEmpty() && text.contains(value)) {
                return "";
            }
        } else if (instance != null && text.contains("{")) {
            return "";
        }
        return text;
    }
}
