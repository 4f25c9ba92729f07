package jp.jusou.hub.connectors;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A transport section's settings: the definition's value where it has one, else the {@code default}
 * the connector schema declares for that field ({@code connectors/schema/connector.schema.json}).
 * The defaults live only in the schema, where the people who write connectors read them; a field the
 * code reads without a value and without a declared default is a programming error, not a silent default.
 *
 * <p>The schema's {@code inbound}/{@code outbound} say which {@code $defs} entry describes each
 * transport ({@code if transport = x then $ref}); the fields are found from there, through {@code $ref}s.
 */
public final class TransportSettings {

    private static final JsonNode SCHEMA = load();

    private final String direction;
    private final ConnectorDefinition.Transport transport;
    private final JsonNode section;

    private TransportSettings(String direction, ConnectorDefinition.Transport transport) {
        this.direction = direction;
        this.transport = transport;
        this.section = sectionOf(direction, transport.type());
    }

    public static TransportSettings inbound(ConnectorDefinition definition) {
        return new TransportSettings("inbound", definition.inbound());
    }

    public static TransportSettings outbound(ConnectorDefinition definition) {
        return new TransportSettings("outbound", definition.outbound());
    }

    /** @param pointer the field below the transport section, e.g. {@code /schedule/pollInterval} */
    public String text(String pointer) {
        return value(pointer).asText();
    }

    public Duration duration(String pointer) {
        return Duration.parse(text(pointer));
    }

    public int integer(String pointer) {
        return value(pointer).asInt();
    }

    public double number(String pointer) {
        return value(pointer).asDouble();
    }

    /** The definition's value, else the schema's default for the field. */
    JsonNode value(String pointer) {
        JsonNode given = transport.options().at(pointer);
        if (!given.isMissingNode() && !given.isNull()) {
            return given;
        }
        JsonNode declared = declaredDefault(pointer);
        if (declared.isMissingNode()) {
            throw new IllegalStateException("the connector schema declares no default for " + direction + pointer
                    + " (transport " + transport.type() + ")");
        }
        return declared;
    }

    private JsonNode declaredDefault(String pointer) {
        JsonNode node = section;
        for (JsonPointer p = JsonPointer.compile(pointer); !p.matches(); p = p.tail()) {
            node = resolve(node).path("properties").path(p.getMatchingProperty());
            if (node.isMissingNode()) {
                return node;
            }
        }
        // a property may carry its default beside its $ref, or its definition may
        return node.has("default") ? node.get("default") : resolve(node).path("default");
    }

    /** The schema of the transport in that direction: the {@code $defs} entry its {@code if}/{@code then} names. */
    private static JsonNode sectionOf(String direction, String type) {
        for (JsonNode rule : SCHEMA.path("properties").path(direction).path("allOf")) {
            JsonNode transport = rule.path("if").path("properties").path("transport");
            boolean matches = type.equals(transport.path("const").asText(null));
            for (JsonNode option : transport.path("enum")) {
                matches |= type.equals(option.asText());
            }
            if (matches) {
                return rule.path("then");
            }
        }
        return MissingNode.getInstance();
    }

    /** Follows a local {@code $ref} ({@code #/$defs/x}); anything else as it is. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() && ref.asText().startsWith("#") ? SCHEMA.at(ref.asText().substring(1)) : node;
    }

    private static JsonNode load() {
        String path = ConnectorDefinitions.SCHEMA.substring("classpath:".length());
        try (InputStream in = TransportSettings.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
