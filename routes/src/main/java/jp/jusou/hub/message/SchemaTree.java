package jp.jusou.hub.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's JSON Schemas read as the places of a message: a walk from a message type's schema file
 * that visits every schema node with the message path it describes ({@code $.payload.person.name},
 * {@code [*]} for any array element), following {@code $ref} across files, {@code allOf}/{@code anyOf}/
 * {@code oneOf}, {@code then}/{@code else}, {@code properties} and {@code items}. Not {@code if} (it
 * only tests a value) nor {@code not} (nothing in it is a field of the message). The policy's data
 * classes and the validator's field labels are both read this way.
 */
public final class SchemaTree {

    /** Sees one schema node at its message path; answers whether to walk on below it. */
    public interface Visitor {
        boolean visit(String path, JsonNode schema);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String classpathDir;
    private final Map<String, JsonNode> documents = new HashMap<>();

    /** Schemas under {@code classpathDir} (e.g. {@code schemas/v1/}); each file is read once. */
    public SchemaTree(String classpathDir) {
        this.classpathDir = classpathDir;
    }

    /**
     * Walks {@code file} from {@code $}. A node is visited before its {@code $ref} is followed, so a
     * visitor that keeps the first value it sees at a path prefers the place of use to the definition.
     */
    public void walk(String file, Visitor visitor) {
        walk(document(file), file, "$", visitor, new HashSet<>());
    }

    private void walk(JsonNode schema, String file, String path, Visitor visitor, Set<String> visiting) {
        if (schema == null || !schema.isObject() || !visitor.visit(path, schema)) {
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            int hash = ref.indexOf('#');
            String targetFile = hash == 0 ? file : ref.substring(0, hash < 0 ? ref.length() : hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            String key = targetFile + "#" + pointer + "@" + path; // a recursive definition is walked once per path
            if (visiting.add(key)) {
                walk(document(targetFile).at(pointer), targetFile, path, visitor, visiting);
                visiting.remove(key);
            }
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(sub -> walk(sub, file, path, visitor, visiting));
        }
        for (String branch : List.of("then", "else")) {
            walk(schema.get(branch), file, path, visitor, visiting);
        }
        schema.path("properties").properties().forEach(p -> walk(p.getValue(), file, path + "." + p.getKey(), visitor, visiting));
        walk(schema.get("items"), file, path + "[*]", visitor, visiting);
    }

    private JsonNode document(String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = SchemaTree.class.getClassLoader().getResourceAsStream(classpathDir + f)) {
                if (in == null) {
                    throw new IllegalStateException("schema not on the classpath: " + classpathDir + f);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema " + f, e);
            }
        });
    }
}
