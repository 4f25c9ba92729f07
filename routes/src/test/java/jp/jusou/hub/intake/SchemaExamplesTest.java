package jp.jusou.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.policy.MyNumberDetector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build validates the schemas' examples: every example under {@code schemas/v1/examples/<type>/}
 * conforms to its type's schema, and every file under {@code examples/invalid/} (named
 * {@code <type>--<what is wrong>.json}) is rejected by it. No example may hold a 個人番号.
 */
class SchemaExamplesTest {

    static final Path EXAMPLES = Path.of("..", "schemas", "v1", "examples");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SchemaCatalog SCHEMAS = new SchemaCatalog();

    @TestFactory
    Stream<DynamicTest> validExamplesConform() throws IOException {
        List<Path> files = examples().filter(p -> !p.getParent().getFileName().toString().equals("invalid")).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(MessageType.values().length);
        return files.stream().map(file -> DynamicTest.dynamicTest(EXAMPLES.relativize(file).toString(), () -> {
            MessageType type = MessageType.fromWire(file.getParent().getFileName().toString()).orElseThrow();
            JsonNode example = JSON.readTree(file.toFile());
            assertThat(SCHEMAS.validate(type, example)).as(file.toString()).isEmpty();
            assertThat(MyNumberDetector.findInJson(example)).as("no 個人番号 in examples").isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesAreRejected() throws IOException {
        List<Path> files = examples().filter(p -> p.getParent().getFileName().toString().equals("invalid")).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            MessageType type = MessageType.fromWire(name.substring(0, name.indexOf("--"))).orElseThrow();
            assertThat(SCHEMAS.validate(type, JSON.readTree(file.toFile()))).as(name).isNotEmpty();
        }));
    }

    @Test
    void everyTypeHasASchemaAndAnExample() throws IOException {
        for (MessageType type : MessageType.values()) {
            assertThat(EXAMPLES.resolve(type.wireName())).isDirectoryContaining("glob:**.json");
        }
    }

    private static Stream<Path> examples() throws IOException {
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
