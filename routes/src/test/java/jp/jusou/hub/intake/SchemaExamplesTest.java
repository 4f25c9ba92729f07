package jp.jusou.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.MyNumberDetector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build validates the schemas' examples: every example under {@code schemas/v1/examples/<type>/}
 * conforms to its type's schema, and every file under {@code examples/invalid/} (named
 * {@code <type>--<what is wrong>.json}) is rejected by it with exactly one reason, at the path of what
 * its name says is wrong ({@link #WRONG_AT}). No example may hold a 個人番号.
 */
class SchemaExamplesTest {

    static final Path EXAMPLES = Path.of("..", "schemas", "v1", "examples");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SchemaCatalog SCHEMAS = new SchemaCatalog();
    static final Validator VALIDATOR = new Validator(SCHEMAS);

    /** Where each invalid example is wrong: the one reason it must get. A new invalid example is added here. */
    static final Map<String, String> WRONG_AT = Map.ofEntries(
            Map.entry("case-update--empty-team.json", "$.payload.team"),
            Map.entry("case-update--schema-version-2.json", "$.schemaVersion"),
            Map.entry("consent--bad-municipality.json", "$.municipality"),
            Map.entry("consent--grant-without-evidence.json", "$.payload.evidence"),
            Map.entry("consent--unknown-purpose.json", "$.payload.purposes[1]"),
            Map.entry("delivery-report--sender-not-hub.json", "$.sender"),
            Map.entry("outreach-notice--consent-basis.json", "$.legalBasis.kind"),
            Map.entry("referral--missing-person.json", "$.payload.person"),
            Map.entry("referral--unknown-envelope-field.json", "$.priority"),
            Map.entry("referral--unknown-field-in-person.json", "$.payload.person.occupation"),
            Map.entry("referral--unknown-sensitive-data-class.json", "$.payload.sensitive[0].dataClass"),
            Map.entry("referral--vital-interest-without-justification.json", "$.legalBasis.justification"),
            Map.entry("referral--vital-interest-empty-justification.json", "$.legalBasis.justification"),
            Map.entry("referral-status--bad-agency-id.json", "$.sender"),
            Map.entry("referral-status--wrong-status-enum.json", "$.payload.status"));

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
            var violations = SCHEMAS.validate(type, JSON.readTree(file.toFile()));
            assertThat(violations).as(name).isNotEmpty();
            assertThat(WRONG_AT).as("where " + name + " is wrong").containsKey(name);
            assertThat(VALIDATOR.reasons(type, violations)).as(name).extracting(Reason::path).containsExactly(WRONG_AT.get(name));
        }));
    }

    @Test
    void everyTypeHasASchemaAndAnExample() throws IOException {
        for (MessageType type : MessageType.values()) {
            assertThat(EXAMPLES.resolve(type.wireName())).isDirectoryContaining("glob:**.json");
        }
    }

    /** Labels name the codes of their enum (or const), all of them and no others. */
    @Test
    void everyCodeLabelBelongsToItsEnum() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.getParent())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
                checkLabels(JSON.readTree(file.toFile()), file.getFileName().toString());
            }
        }
    }

    private static void checkLabels(JsonNode node, String where) {
        if (node.has("x-labels")) {
            java.util.Set<String> codes = new java.util.TreeSet<>();
            node.path("enum").forEach(c -> codes.add(c.asText()));
            if (node.has("const")) {
                codes.add(node.get("const").asText());
            }
            java.util.Set<String> labelled = new java.util.TreeSet<>();
            node.get("x-labels").fieldNames().forEachRemaining(labelled::add);
            assertThat(labelled).as("x-labels in " + where).isEqualTo(codes);
        }
        node.forEach(child -> checkLabels(child, where));
    }

    private static Stream<Path> examples() throws IOException {
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
