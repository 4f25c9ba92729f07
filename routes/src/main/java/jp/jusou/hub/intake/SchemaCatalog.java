package jp.jusou.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.SchemaTree;
import org.springframework.stereotype.Component;

/**
 * The message schemas of {@code schemas/v1/} (JSON Schema 2020-12), each compiled once at start-up and
 * reused for every message. The custom keywords {@code x-data-class} and {@code x-data-class-from}
 * mark personal fields, {@code x-labels} gives the Japanese label of each code of an {@code enum}; the
 * validator knows them as annotations. Beside each schema it keeps the {@link SchemaFields} that word
 * a violation for the sender (labels, declared properties).
 */
@Component
public class SchemaCatalog {

    public static final String BASE_URI = "https://jusou-hub.example/schemas/v1/";
    public static final String CLASSPATH_BASE = "classpath:schemas/v1/";

    private final Map<MessageType, JsonSchema> schemas = new EnumMap<>(MessageType.class);
    private final Map<MessageType, SchemaFields> fields = new EnumMap<>(MessageType.class);

    public SchemaCatalog() {
        JsonSchemaFactory factory = factory();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
        for (MessageType type : MessageType.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_URI + type.wireName() + ".schema.json"), config);
            schema.initializeValidators(); // compile now: a broken schema stops the start-up, not a message
            schemas.put(type, schema);
        }
        SchemaTree files = new SchemaTree("schemas/v1/");
        for (MessageType type : MessageType.values()) {
            fields.put(type, SchemaFields.read(files, type.wireName() + ".schema.json"));
        }
    }

    /** A schema factory that resolves the hub's schema ids to the copies on the classpath. */
    public static JsonSchemaFactory factory() {
        JsonMetaSchema base = JsonMetaSchema.getV202012();
        JsonMetaSchema meta = JsonMetaSchema.builder(base.getIri(), base)
                .keyword(new NonValidationKeyword("x-data-class"))
                .keyword(new NonValidationKeyword("x-data-class-from"))
                .keyword(new NonValidationKeyword("x-labels"))
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(meta)
                .schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, CLASSPATH_BASE)));
    }

    SchemaFields fields(MessageType type) {
        return fields.get(type);
    }

    public Set<ValidationMessage> validate(MessageType type, JsonNode message) {
        return schemas.get(type).validate(message);
    }

    public Set<ValidationMessage> validate(MessageType type, String json) {
        return schemas.get(type).validate(json, InputFormat.JSON);
    }
}
