package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.SchemaTree;
import org.springframework.stereotype.Component;

/**
 * Which data class every personal field belongs to, read from the schemas' marks rather than kept as
 * hand-written lists: {@code "x-data-class": "<class>"} on a property (covering everything below it)
 * and {@code "x-data-class-from": "<field>"} on an object whose own field names its class (the
 * sensitive sections). Policy and redaction ask this catalog what a message holds.
 */
@Component
class DataClassCatalog {

    private static final String SCHEMA_DIR = "schemas/v1/";

    /** A marked place in a message type: a path pattern ({@code [*]} for any array element). */
    public record Mark(String path, String dataClass, String classField) {
    }

    /** A marked value present in one message: its concrete path and its data class. */
    public record Found(String path, String dataClass) {
    }

    private final Map<MessageType, List<Mark>> marks = new EnumMap<>(MessageType.class);

    public DataClassCatalog() {
        SchemaTree schemas = new SchemaTree(SCHEMA_DIR);
        for (MessageType type : MessageType.values()) {
            List<Mark> found = new ArrayList<>();
            schemas.walk(type.wireName() + ".schema.json", (path, schema) -> mark(path, schema, found));
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

    /** Notes a marked place; a mark covers everything below it, so the walk stops there. */
    private static boolean mark(String path, JsonNode schema, List<Mark> out) {
        if (schema.has("x-data-class")) {
            add(out, new Mark(path, schema.get("x-data-class").asText(), null));
            return false;
        }
        if (schema.has("x-data-class-from")) {
            add(out, new Mark(path, null, schema.get("x-data-class-from").asText()));
            return false;
        }
        return true;
    }

    private static void add(List<Mark> out, Mark mark) {
        if (!out.contains(mark)) {
            out.add(mark);
        }
    }
}
