package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.i18n.MessageSource;
import com.networknt.schema.i18n.ResourceBundleMessageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A schema violation in the hub's own words, Japanese and English, from the bundles
 * {@code jp/jusou/hub/intake/schema-messages_ja|_en.properties}: keyed like the validator's own
 * messages (its message key, e.g. {@code minLength}, {@code format.date}) but naming the field by
 * its Japanese label (the schema's {@code title}) and the allowed codes with theirs
 * ({@code x-labels}). The validator's own text is not used: it is English only, and some of its
 * texts repeat the offending value.
 */
final class SchemaMessages {

    static final String BUNDLE = "jp.jusou.hub.intake.schema-messages";

    /** Keywords whose first argument is the name of a field the sender wrote, not one the schema declares. */
    static final Set<String> UNKNOWN_FIELD = Set.of("additionalProperties", "unevaluatedProperties", "propertyNames");

    private static final Map<String, String> TYPES_JA = Map.of("object", "オブジェクト", "array", "配列", "string", "文字列",
            "integer", "整数", "number", "数値", "boolean", "真偽値", "null", "null");

    private final MessageSource bundle = new ResourceBundleMessageSource(BUNDLE);

    /**
     * The Japanese and English text of one violation, naming the field at {@code fieldPath}: the
     * missing field of a {@code required}, the object holding an unknown field, else the place itself.
     */
    Text text(ValidationMessage v, String fieldPath, SchemaFields fields) {
        String key = v.getMessageKey() == null ? v.getType() : v.getMessageKey();
        SchemaFields.Field field = fields.field(fieldPath);
        String ja = format(key, Locale.JAPANESE, labelJa(fields, fieldPath), arguments(v, field, true));
        String en = format(key, Locale.ENGLISH, labelEn(fieldPath), arguments(v, field, false));
        return new Text(ja, en);
    }

    record Text(String ja, String en) {
    }

    private String format(String key, Locale locale, String label, List<Object> arguments) {
        List<Object> all = new ArrayList<>();
        all.add(label);
        all.addAll(arguments);
        // a key the bundle lacks (a newer validator): say which rule, never the validator's own text
        return bundle.getMessage(key, () -> locale == Locale.JAPANESE ? "「{0}」が規則（" + key + "）に適合しません。"
                : "{0} breaks the rule " + key + ".", locale, all.toArray());
    }

    /**
     * The validator's arguments, with the ones that are values of the message blanked (they must not
     * reach a report), the allowed codes of an enum or const labelled, and JSON types in Japanese.
     */
    private List<Object> arguments(ValidationMessage v, SchemaFields.Field field, boolean japanese) {
        List<Object> arguments = new ArrayList<>();
        Object[] given = v.getArguments() == null ? new Object[0] : v.getArguments();
        for (Object a : given) {
            arguments.add(a);
        }
        String type = v.getType();
        if (UNKNOWN_FIELD.contains(type) && !arguments.isEmpty()) {
            arguments.set(0, "");
        }
        if ("const".equals(type)) {
            if (arguments.size() > 1) {
                arguments.set(1, ""); // the value sent
            }
            if (!arguments.isEmpty() && japanese) {
                arguments.set(0, labelled(String.valueOf(arguments.get(0)), field.codeLabels()));
            }
        }
        if ("enum".equals(type) && !arguments.isEmpty()) {
            JsonNode allowed = v.getSchemaNode();
            if (allowed != null && allowed.isArray()) {
                List<String> codes = new ArrayList<>();
                allowed.forEach(c -> codes.add(japanese ? labelled(c.asText(), field.codeLabels()) : c.asText()));
                arguments.set(0, String.join(japanese ? "、" : ", ", codes));
            }
        }
        if (japanese && ("type".equals(type) || "unionType".equals(type))) {
            arguments.replaceAll(a -> TYPES_JA.getOrDefault(String.valueOf(a), String.valueOf(a)));
        }
        return arguments;
    }

    private static String labelled(String code, Map<String, String> labels) {
        String label = labels.get(code);
        return label == null ? code : code + "（" + label + "）";
    }

    /**
     * The field's title; for an element of an array without a title of its own, the array's title and
     * the element's position ("利用目的（2番目）"); without any title, its JSON name.
     */
    private static String labelJa(SchemaFields fields, String path) {
        if ("$".equals(path)) {
            return "メッセージ";
        }
        String title = fields.field(path).title();
        if (title != null) {
            return title;
        }
        if (path.endsWith("]")) {
            int open = path.lastIndexOf('[');
            String index = path.substring(open + 1, path.length() - 1);
            String arrayTitle = fields.field(path.substring(0, open)).title();
            if (arrayTitle != null && index.chars().allMatch(Character::isDigit)) {
                return arrayTitle + "（" + (Integer.parseInt(index) + 1) + "番目）";
            }
        }
        return name(path);
    }

    private static String labelEn(String path) {
        return "$".equals(path) ? "The message" : name(path);
    }

    /** {@code $.legalBasis.justification} → {@code justification}; {@code $.payload.purposes[1]} → {@code purposes[1]}. */
    static String name(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
