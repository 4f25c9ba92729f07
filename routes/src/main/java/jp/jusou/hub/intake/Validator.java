package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * Second step: the message's type is one agencies may send, and the whole message (envelope and
 * payload) conforms to that type's schema. Each cause becomes a reason with its JSON path and a text
 * in the hub's own words, Japanese and English ({@link SchemaMessages}); the cascade a cause sets off
 * in the validator is left out ({@link #causes}). No text repeats a value (values may be personal data).
 */
@Component
public class Validator {

    static final int MAX_REASONS = 20;

    private final SchemaCatalog schemas;
    private final SchemaMessages messages = new SchemaMessages();

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
            throw new RejectedException(reasons(type, violations));
        }
    }

    List<Reason> reasons(MessageType type, Set<ValidationMessage> violations) {
        SchemaFields fields = schemas.fields(type);
        List<ValidationMessage> causes = causes(violations, fields);
        causes.sort(Comparator.comparing(Validator::path).thenComparing(ValidationMessage::getType));
        List<Reason> reasons = new ArrayList<>();
        for (ValidationMessage v : causes.subList(0, Math.min(MAX_REASONS, causes.size()))) {
            String path = path(v);
            String fieldPath = SchemaMessages.UNKNOWN_FIELD.contains(v.getType()) ? v.getInstanceLocation().toString() : path;
            SchemaMessages.Text text = messages.text(v, fieldPath, fields);
            reasons.add(Reason.of(ReasonCode.SCHEMA_VIOLATION, path, text.ja(), text.en()));
        }
        return reasons;
    }

    /**
     * The violations that are causes, without the cascade that follows from them:
     * <ul>
     *   <li>an {@code unevaluatedProperties} for a field the schema does declare there: when a subschema
     *       fails (the envelope's {@code allOf}, a branch), JSON Schema drops what it evaluated, so every
     *       field it declares shows up as "not evaluated" besides the real fault;</li>
     *   <li>a combinator ({@code anyOf}, {@code oneOf}, ...) that failed because of a violation reported
     *       at or below its own place: that violation says what is wrong;</li>
     *   <li>more than one violation at the same place: the most specific one (a wrong type before a
     *       wrong pattern, a wrong code before a wrong length).</li>
     * </ul>
     * Whatever is filtered, a failing message keeps at least one reason.
     */
    static List<ValidationMessage> causes(Set<ValidationMessage> violations, SchemaFields fields) {
        List<ValidationMessage> kept = new ArrayList<>();
        for (ValidationMessage v : violations) {
            boolean declared = "unevaluatedProperties".equals(v.getType())
                    && fields.field(v.getInstanceLocation().toString()).properties().contains(v.getProperty());
            if (!declared) {
                kept.add(v);
            }
        }
        List<ValidationMessage> leaves = new ArrayList<>();
        for (ValidationMessage v : kept) {
            boolean explained = COMBINATORS.contains(v.getType()) && kept.stream()
                    .anyMatch(o -> o != v && !COMBINATORS.contains(o.getType()) && within(path(o), v.getInstanceLocation().toString()));
            if (!explained) {
                leaves.add(v);
            }
        }
        Map<String, ValidationMessage> perPath = new LinkedHashMap<>();
        for (ValidationMessage v : leaves) {
            perPath.merge(path(v), v, (a, b) -> rank(b) < rank(a) ? b : a);
        }
        List<ValidationMessage> causes = new ArrayList<>(perPath.values());
        return causes.isEmpty() ? new ArrayList<>(violations) : causes;
    }

    /** Keywords that only combine other rules; the rule that failed inside them is the cause. */
    static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "$ref", "if", "then", "else", "properties",
            "dependentSchemas", "dependencies", "patternProperties");

    /** The more specific a keyword, the lower; a keyword not listed comes after all listed ones. */
    private static final List<String> SPECIFICITY = List.of("required", "type", "const", "enum", "not", "additionalProperties",
            "unevaluatedProperties", "format", "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
            "minimum", "maximum");

    private static int rank(ValidationMessage v) {
        int i = SPECIFICITY.indexOf(v.getType());
        return i < 0 ? SPECIFICITY.size() : i;
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    /** The place a violation is about: the missing or unknown field itself, else where the validator was. */
    static String path(ValidationMessage v) {
        String path = v.getInstanceLocation().toString();
        if (v.getProperty() != null && ("required".equals(v.getType()) || "additionalProperties".equals(v.getType())
                || "unevaluatedProperties".equals(v.getType()))) {
            path = path + "." + v.getProperty();
        }
        return path;
    }
}
