package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.message.SchemaTree;

/**
 * What one message type's schema says about each place in a message, read from the schema files
 * themselves: the field's Japanese label ({@code title}), the Japanese labels of its codes
 * ({@code x-labels} beside an {@code enum}), and the properties an object declares. The validator
 * speaks of schema locations; senders need the field by name, so a reason is worded from these.
 *
 * <p>Places are path patterns as the validator reports instance locations, with {@code [*]} for any
 * array element: {@code $.payload.purposes[*]}. A title at the place of use wins over one found
 * through a {@code $ref} (the referring property names the field; the definition is generic).
 */
final class SchemaFields {

    /** One place: its label (or null), the labels of its codes, and the properties it declares. */
    record Field(String title, Map<String, String> codeLabels, Set<String> properties) {
    }

    private final Map<String, String> titles = new HashMap<>();
    private final Map<String, Map<String, String>> codeLabels = new HashMap<>();
    private final Map<String, Set<String>> properties = new HashMap<>();

    private SchemaFields() {
    }

    /** Reads {@code file} (and every schema it refers to) through {@code schemas}. */
    static SchemaFields read(SchemaTree schemas, String file) {
        SchemaFields fields = new SchemaFields();
        schemas.walk(file, fields::note);
        return fields;
    }

    Field field(String path) {
        String pattern = pattern(path);
        return new Field(titles.get(pattern), codeLabels.getOrDefault(pattern, Map.of()),
                properties.getOrDefault(pattern, Set.of()));
    }

    /** {@code $.payload.purposes[1]} → {@code $.payload.purposes[*]}. */
    static String pattern(String path) {
        return path.replaceAll("\\[\\d+]", "[*]");
    }

    /** The first title and labels seen at a place win: the place of use is visited before its definition. */
    private boolean note(String path, JsonNode schema) {
        if (schema.path("title").isTextual()) {
            titles.putIfAbsent(path, schema.get("title").asText());
        }
        if (schema.path("x-labels").isObject()) {
            Map<String, String> labels = codeLabels.computeIfAbsent(path, p -> new LinkedHashMap<>());
            schema.get("x-labels").properties().forEach(e -> labels.putIfAbsent(e.getKey(), e.getValue().asText()));
        }
        schema.path("properties").properties().forEach(p -> properties.computeIfAbsent(path, k -> new HashSet<>()).add(p.getKey()));
        return true;
    }
}
