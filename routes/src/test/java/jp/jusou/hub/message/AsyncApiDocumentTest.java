package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api/asyncapi.yaml} passes the real AsyncAPI parser ({@code @asyncapi/parser} under node,
 * docs/api/check), and says what the code says: its channels are the queues of {@link BrokerNames}, its
 * messages the {@link MessageType}s with their schemas, its headers the properties the hub sets. The
 * committed OpenAPI document passes a real parser too ({@code @readme/openapi-parser}, same package);
 * OpenApiDocumentTest keeps it equal to what the hub serves.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of("../docs/api/asyncapi.yaml");
    private static final Path CHECK = Path.of("../docs/api/check");

    @Test
    void theRealParserAcceptsTheDocument() throws Exception {
        installParsers();
        Result result = run(List.of("node", "check-asyncapi.mjs", "../asyncapi.yaml"));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).as(result.output).contains("OK asyncapi=3.0.0").doesNotContain("error ");
    }

    @Test
    void theCommittedOpenApiDocumentPassesARealParser() throws Exception {
        installParsers();
        Result result = run(List.of("node", "check-openapi.mjs", "../openapi.yaml"));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).as(result.output).contains("OK openapi=3.1").doesNotContain("error ");
    }

    /** .ci/run installs them first; a developer's first run installs them here (npm, from package-lock.json). */
    private static void installParsers() throws Exception {
        if (!Files.isDirectory(CHECK.resolve("node_modules/@asyncapi/parser")) || !Files.isDirectory(CHECK.resolve("node_modules/@readme/openapi-parser"))) {
            Result install = run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"));
            assertThat(install.exit).as("npm ci in docs/api/check: " + install.output).isZero();
        }
    }

    @Test
    void channelsAreTheHubsQueues() throws IOException {
        JsonNode channels = document().path("channels");
        List<String> addresses = new ArrayList<>();
        channels.forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrder(BrokerNames.inbound("{agencyId}"), BrokerNames.outbound("{agencyId}"),
                BrokerNames.DEAD_LETTER_QUEUE, BrokerNames.EXPIRY_QUEUE);
    }

    @Test
    void messagesAreTheMessageTypesWithTheirSchemas() throws IOException {
        JsonNode doc = document();
        assertThat(names(doc.at("/channels/outbound/messages"))).as("outbound: every type")
                .containsExactlyInAnyOrder(Arrays.stream(MessageType.values()).map(MessageType::wireName).toArray(String[]::new));
        assertThat(names(doc.at("/channels/inbound/messages"))).as("inbound: the types agencies send")
                .containsExactlyInAnyOrder(Arrays.stream(MessageType.values()).filter(MessageType::sentByAgencies)
                        .map(MessageType::wireName).toArray(String[]::new));
        for (MessageType type : MessageType.values()) {
            JsonNode message = doc.at("/components/messages/" + type.wireName());
            assertThat(message.path("payload").path("$ref").asText()).as("payload of %s", type)
                    .isEqualTo("../../schemas/v1/" + type.wireName() + ".schema.json");
            assertThat(DOCUMENT.getParent().resolve(message.path("payload").path("$ref").asText())).exists();
            assertThat(message.at("/headers/$ref").asText()).isEqualTo(type.sentByAgencies()
                    ? "#/components/schemas/agencyHeaders" : "#/components/schemas/hubHeaders");
        }
        assertThat(names(doc.at("/components/messages"))).hasSize(MessageType.values().length);
    }

    @Test
    void headersAreThePropertiesTheHubSetsAndReads() throws Exception {
        JsonNode doc = document();
        List<String> codeHeaders = new ArrayList<>();
        for (var field : BrokerNames.class.getFields()) {
            String value = (String) field.get(null);
            if (Modifier.isStatic(field.getModifiers()) && !value.startsWith("hub.")) {
                codeHeaders.add(value);
            }
        }
        assertThat(names(doc.at("/components/schemas/agencyHeaders/properties"))).containsExactlyInAnyOrderElementsOf(codeHeaders);
        List<String> types = new ArrayList<>();
        doc.at("/components/schemas/agencyHeaders/properties/" + BrokerNames.TYPE + "/enum").forEach(t -> types.add(t.asText()));
        assertThat(types).containsExactlyInAnyOrder(Arrays.stream(MessageType.values()).map(MessageType::wireName).toArray(String[]::new));
        assertThat(names(doc.at("/components/schemas/hubHeaders/properties")))
                .containsExactlyInAnyOrder(BrokerNames.GROUP_ID, BrokerNames.DUPLICATE_ID, BrokerNames.TYPE, BrokerNames.SENDER, BrokerNames.MESSAGE_ID);
    }

    private static JsonNode document() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(CHECK.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
