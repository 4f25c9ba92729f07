package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.serialization.JsonNodeReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * YAML read into nodes that remember their line (networknt's location-aware reader), for files IT
 * staff write by hand: connector definitions and CSV mappings, whose problems name the line.
 */
public final class LocatedYaml {

    private static final JsonNodeReader READER = JsonNodeReader.builder().locationAware().build();

    private LocatedYaml() {
    }

    /** The document; a syntax error is thrown as Jackson's exception, with its location. */
    public static JsonNode read(InputStream yaml) throws IOException {
        try {
            return READER.readTree(yaml, InputFormat.YAML);
        } catch (IllegalArgumentException wrapped) {
            // the location-aware reader wraps the parser's exception
            if (wrapped.getCause() instanceof IOException cause) {
                throw cause;
            }
            throw wrapped;
        }
    }
}
