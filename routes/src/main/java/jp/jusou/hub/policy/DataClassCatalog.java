package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.message.MessageType;
import org.springframework.stereotype.Component;

/**
 * Which data class every personal field belongs to, read from the schemas' marks rather than kept as
 * hand-written lists: {@code "x-data-class": "<class>"} on a property (covering everything below it)
 * and {@code "x-data-class-from": "<field>"} on an object whose own field names its class (the
 * sensitive sections). Policy and redaction ask this catalog what a message holds.
 */
@Component
public class DataClassCatalog {

    private static final String SCHEMA_DIR = "schemas/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A marked place in a message type: a path pattern ({@code [*]} for any array element). */
    public record Mark(String path, String dataClass, String classField) {
    }

    /** A marked value present in one message: its concrete path and its data class. */
    public record Found(String path, String dataClass) {
    }

    private final Map<MessageType, List<Mark>> marks = new EnumMap<>(MessageType.class);
    private final Map<String, JsonNode> documents = new HashMap<>();

    public DataClassCatalog() {
        for (MessageType type : MessageType.values()) {
            List<Mark> found = new ArrayList<>();
            String file = type.wireName() + ".schema.json";
            walk(document(file), file, "$", found, new HashSet<>());
            marks.put(type, Collections.unmodifiableList(found));
        }
    }

    public List<Mark> marks(MessageType type) {
        return marks.get(type);
    }

    /** Every marked value the message holds, with its concrete path. */
    public List<Found> find(MessageType type, JsonNode message) {
        List<Found> found = new ArrayList<>();
        for (Mark mark : marks.get(type)) {
            collect(message, mark.path().substring(1), "$", mark, found);
        }
        return found;
    }

    private static void collect(JsonNode node, String rest, String at, Mark mark, List<Found> found) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (rest.isEmpty()) {
            String dataClass = mark.classField() == null ? mark.dataClass() : node.path(mark.classField()).asText(null);
            if (dataClass != null) {
                found.add(new Found(at, dataClass));
            }
            return;
        }
        if (rest.startsWith("[*]")) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), rest.substring(3), at + "[" + i + "]", mark, found);
            }
            return;
        }
        // rest starts with ".name"
        int end = 1;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
            end++;
        }
        String name = rest.substring(1, end);
        collect(node.get(name), rest.substring(end), at + "." + name, mark, found);
    }

    private void walk(JsonNode schema, String file, String path, List<Mark> out, Set<String> visiting) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        if (schema.has("x-data-class")) {
            add(out, new Mark(path, schema.get("x-data-class").asText(), null));
            return; // a mark covers everything below it
        }
        if (schema.has("x-data-class-from")) {
            add(out, new Mark(path, null, schema.get("x-data-class-from").asText()));
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            String targetFile = ref.startsWith("#") ? file : ref.substring(0, ref.indexOf('#') < 0 ? ref.length() : ref.indexOf('#'));
            String pointer = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
            String key = targetFile + "#" + pointer + "@" + path;
            if (visiting.add(key)) {
                walk(document(targetFile).at(pointer), targetFile, path, out, visiting);
                visiting.remove(key);
            }
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(sub -> walk(sub, file, path, out, visiting));
        }
        for (String conditional : List.of("if", "then", "else")) {
            walk(schema.get(conditional), file, path, out, visiting);
        }
        schema.path("properties").properties().forEach(p -> walk(p.getValue(), file, path + "." + p.getKey(), out, visiting));
        walk(schema.get("items"), file, path + "[*]", out, visiting);
    }

    private static void add(List<Mark> out, Mark mark) {
        if (!out.contains(mark)) {
            out.add(mark);
        }
    }

    private JsonNode document(String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = DataClassCatalog.class.getClassLoader().getResourceAsStream(SCHEMA_DIR + f)) {
                if (in == null) {
                    throw new IllegalStateException("schema not on the classpath: " + SCHEMA_DIR + f);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema " + f, e);
            }
        });
    }
}
