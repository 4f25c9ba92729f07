package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jusou.hub.HubTestSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api/openapi.yaml} is what the hub serves at {@code /v3/api-docs.yaml}, byte for byte. When
 * the API changes, regenerate the file from the running hub:
 * {@code mvn -pl routes test -Dtest=OpenApiDocumentTest -Dopenapi.write=true}, and commit it.
 */
class OpenApiDocumentTest extends HubTestSupport {

    static final Path COMMITTED = Path.of("../docs/api/openapi.yaml");

    @Test
    void theCommittedDocumentIsWhatTheHubServes() throws Exception {
        var response = http("omuta-houkatsu-1").get("/v3/api-docs.yaml");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String served = response.body().endsWith("\n") ? response.body() : response.body() + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as("docs/api/openapi.yaml exists").isTrue();
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        assertThat(firstDifference(committed, served))
                .as("docs/api/openapi.yaml differs from the served document; regenerate it with "
                        + "mvn -pl routes test -Dtest=OpenApiDocumentTest -Dopenapi.write=true")
                .isEmpty();
    }

    /** The first line that differs, as "line N: committed | served" (empty when equal). */
    static String firstDifference(String committed, String served) {
        String[] a = committed.split("\n", -1);
        String[] b = served.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end>";
            String right = i < b.length ? b[i] : "<end>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": committed «" + left + "» | served «" + right + "»";
            }
        }
        return "";
    }

    @Test
    void theDocumentNeedsALoginButAnyLoginMayReadIt() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("UNAUTHENTICATED");
        var operator = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator");
        assertThat(operator.get("/v3/api-docs").statusCode()).isEqualTo(200);
    }

    @Test
    void everyOperationSaysWhatItDoesAndErrorsAreProblems() throws Exception {
        String yaml = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        var doc = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/components/schemas/Reason/properties/code/enum")).hasSize(jp.jusou.hub.message.ReasonCode.values().length);
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            assertThat(op.getValue().path("summary").asText()).as("summary of %s %s", op.getKey(), path.getKey()).isNotBlank();
            assertThat(op.getValue().at("/responses/401/content/application~1problem+json/schema/$ref").asText())
                    .as("401 of %s %s", op.getKey(), path.getKey()).isEqualTo("#/components/schemas/Problem");
        }));
        assertThat(doc.path("paths").has("/api/v1/messages")).isTrue();
        assertThat(doc.path("paths").has("/console/api/me")).as("the console's own API is not the contract").isFalse();
    }
}
