package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One place: its label (or null), the labels of its codes, and the properties it declares. */
    record Field(String title, Map<String, String> codeLabels, Set<String> properties) {
    }

    private final Map<String, String> titles = new HashMap<>();
    private final Map<String, Map<String, String>> codeLabels = new HashMap<>();
    private final Map<String, Set<String>> properties = new HashMap<>();
    private final Map<String, JsonNode> documents;

    private SchemaFields(Map<String, JsonNode> documents) {
        this.documents = documents;
    }

    /** Reads {@code file} (and every schema it refers to) from {@code classpathDir}. */
    static SchemaFields read(String classpathDir, String file, Map<String, JsonNode> cache) {
        SchemaFields fields = new SchemaFields(cache);
        fields.walk(fields.document(classpathDir, file), classpathDir, file, "$", new HashSet<>());
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

    private void walk(JsonNode schema, String dir, String file, String path, Set<String> visiting) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        if (schema.path("title").isTextual()) {
            titles.putIfAbsent(path, schema.get("title").asText());
        }
        if (schema.path("x-labels").isObject()) {
            Map<String, String> labels = codeLabels.computeIfAbsent(path, p -> new LinkedHashMap<>());
            schema.get("x-labels").properties().forEach(e -> labels.putIfAbsent(e.getKey(), e.getValue().asText()));
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            int hash = ref.indexOf('#');
            String targetFile = hash == 0 ? file : ref.substring(0, hash < 0 ? ref.length() : hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            String key = targetFile + "#" + pointer + "@" + path;
            if (visiting.add(key)) {
                walk(document(dir, targetFile).at(pointer), dir, targetFile, path, visiting);
                visiting.remove(key);
            }
        }
        // not "if" (it only tests a value) nor "not" (nothing in it is a field of the message)
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(sub -> walk(sub, dir, file, path, visiting));
        }
        for (String branch : List.of("then", "else")) {
            walk(schema.get(branch), dir, file, path, visiting);
        }
        schema.path("properties").properties().forEach(p -> {
            properties.computeIfAbsent(path, k -> new HashSet<>()).add(p.getKey());
            walk(p.getValue(), dir, file, path + "." + p.getKey(), visiting);
        });
        walk(schema.get("items"), dir, file, path + "[*]", visiting);
    }

    private JsonNode document(String dir, String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = SchemaFields.class.getClassLoader().getResourceAsStream(dir + f)) {
                if (in == null) {
                    throw new IllegalStateException("schema not on the classpath: " + dir + f);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema " + f, e);
            }
        });
    }
}
