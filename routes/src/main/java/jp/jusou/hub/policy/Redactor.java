package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.message.OutboundCopy.Redaction;

/**
 * Data-class redaction: a message as one recipient may see it, without the marked values of the
 * classes it may not receive (object fields removed, array elements dropped). The message itself is
 * never changed.
 */
final class Redactor {

    /** The message for one recipient: its tree, the classes it discloses (sorted), what was removed. */
    record Redacted(JsonNode tree, List<String> disclosed, List<Redaction> redactions) {

        boolean changed() {
            return !redactions.isEmpty();
        }
    }

    private Redactor() {
    }

    /**
     * The message for a recipient allowed {@code allowed} classes; with {@code hideContact} (a
     * confidential address it may not see) every {@code contact} value goes too. Unchanged, the tree
     * returned is the message's own.
     */
    static Redacted forRecipient(JsonNode tree, List<DataClassCatalog.Found> found, Set<String> allowed, boolean hideContact) {
        List<DataClassCatalog.Found> removed = new ArrayList<>();
        List<String> disclosed = new ArrayList<>();
        for (DataClassCatalog.Found f : found) {
            boolean hiddenContact = hideContact && "contact".equals(f.dataClass());
            if (!allowed.contains(f.dataClass()) || hiddenContact) {
                removed.add(f);
            } else if (!disclosed.contains(f.dataClass())) {
                disclosed.add(f.dataClass());
            }
        }
        disclosed.sort(null);
        return new Redacted(removed.isEmpty() ? tree : without(tree, removed), disclosed,
                removed.stream().map(f -> new Redaction(f.dataClass(), f.path())).toList());
    }

    /** A copy of the tree without the given values (object fields removed, array elements dropped). */
    static JsonNode without(JsonNode tree, List<DataClassCatalog.Found> removed) {
        JsonNode copy = tree.deepCopy();
        Map<JsonNode, List<Integer>> arrayRemovals = new IdentityHashMap<>();
        List<Object[]> fieldRemovals = new ArrayList<>();
        for (DataClassCatalog.Found f : removed) {
            List<Object> tokens = tokens(f.path());
            JsonNode parent = copy;
            for (int i = 0; i < tokens.size() - 1 && parent != null; i++) {
                Object t = tokens.get(i);
                parent = t instanceof Integer index ? parent.get(index) : parent.get((String) t);
            }
            Object last = tokens.get(tokens.size() - 1);
            if (parent instanceof ObjectNode object && last instanceof String field) {
                fieldRemovals.add(new Object[] {object, field});
            } else if (parent instanceof ArrayNode array && last instanceof Integer index) {
                arrayRemovals.computeIfAbsent(array, k -> new ArrayList<>()).add(index);
            }
        }
        fieldRemovals.forEach(r -> ((ObjectNode) r[0]).remove((String) r[1]));
        arrayRemovals.forEach((array, indexes) -> indexes.stream().distinct().sorted((a, b) -> b - a)
                .forEach(i -> ((ArrayNode) array).remove(i)));
        return copy;
    }

    /** "$.payload.sensitive[1].text" → [payload, sensitive, 1, text]. */
    static List<Object> tokens(String path) {
        List<Object> tokens = new ArrayList<>();
        int i = 1; // after "$"
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                tokens.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                tokens.add(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("not a path: " + path);
            }
        }
        return tokens;
    }

    /** Whether any text value in the tree contains {@code text}. */
    static boolean containsText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (containsText(child, text)) {
                return true;
            }
        }
        return false;
    }
}
