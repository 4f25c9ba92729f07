package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;

/**
 * What a mapping file says, as the reader and the writer use it: the encoding and delimiter, the
 * message type (constant or from a type column), the columns in file order, the columns that identify a
 * record, and the constants every message gets.
 */
record MappingSpec(String id, Charset charset, char delimiter, boolean gaijiPass, String constantType,
                   List<ColumnSpec> columns, List<String> idColumns, List<Constant> constants) {

    /** A value set at a JSON pointer of every message (of the listed types; {@code null}: of all). */
    record Constant(JsonPointer to, JsonNode value, Set<String> types) {
        boolean appliesTo(String type) {
            return types == null || types.contains(type);
        }
    }

    MappingSpec {
        columns = List.copyOf(columns);
        idColumns = List.copyOf(idColumns);
        constants = List.copyOf(constants);
    }

    /** The column whose codes name the message type, or null when the mapping has one constant type. */
    ColumnSpec typeColumn() {
        return columns.stream().filter(c -> c.kind() == ColumnSpec.Kind.TYPE).findFirst().orElse(null);
    }

    List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /** Whether messages of this type can be written (the mapping maps it). */
    boolean canWrite(String messageType) {
        if (constantType != null) {
            return constantType.equals(messageType);
        }
        return typeColumn().inverse().containsKey(messageType);
    }
}
