package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Map;
import java.util.Set;

/** One column of a mapping, as loaded (see connectors/mappings/README.md for the fields). */
record ColumnSpec(
        String name,
        String key,
        Kind kind,
        JsonPointer to,
        boolean required,
        boolean nfkc,
        Map<String, String> values,
        Map<String, String> inverse,
        JapaneseDates.Style format,
        String separator,
        String dataClass,
        String label,
        Set<String> types) {

    enum Kind {
        TEXT, DATE, LIST, SENSITIVE, TYPE, IGNORE;

        static Kind of(String yamlName) {
            return valueOf(yamlName.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether this column takes part in messages of the given type. */
    boolean appliesTo(String messageType) {
        return types == null || types.contains(messageType);
    }
}
