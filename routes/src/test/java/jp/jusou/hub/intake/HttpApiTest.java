package jp.jusou.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API's errors: each is problem+json with a code, Japanese and English text, and never a
 * stack trace; nothing is queued for a refused request.
 */
class HttpApiTest extends HubTestSupport {

    @Test
    void unauthenticatedAndWrongSecretGet401() throws Exception {
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/inbox")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(none, 401, "UNAUTHENTICATED");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> wrong = new HttpAgency("http://127.0.0.1:" + httpPort, "omuta-jiritsu", "demo-omuta-takikan")
                .get("/api/v1/inbox");
        assertProblem(wrong, 401, "UNAUTHENTICATED");
    }

    @Test
    void spoofedSenderGets403() throws Exception {
        HttpResponse<String> response = http("omuta-jiritsu").post("/api/v1/messages",
                Messages.text(Messages.referral("omuta-houkatsu-1", "omuta-takikan")));
        JsonNode problem = assertProblem(response, 403, "SENDER_MISMATCH");
        assertThat(problem.at("/reasons/0/path").asText()).isEqualTo("$.sender");
    }

    @Test
    void agenciesMayNotUseTheOperatorApi() throws Exception {
        assertProblem(http("omuta-jiritsu").get("/api/v1/quarantine"), 403, "FORBIDDEN");
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator").get("/api/v1/quarantine").statusCode())
                .isEqualTo(200);
        assertProblem(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator").get("/api/v1/inbox"), 403, "FORBIDDEN");
    }

    @Test
    void malformedJsonGets400() throws Exception {
        JsonNode problem = assertProblem(http("omuta-jiritsu").post("/api/v1/messages", "{\"messageId\": \"x\","), 400, "MALFORMED_JSON");
        assertThat(problem.path("detail_ja").asText()).contains("JSONとして解析できません");
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", "[1, 2]"), 400, "MALFORMED_JSON");
    }

    @Test
    void missingMessageIdGets400() throws Exception {
        ObjectNode referral = Messages.referral("omuta-jiritsu", "omuta-takikan");
        referral.remove("messageId");
        JsonNode problem = assertProblem(http("omuta-jiritsu").post("/api/v1/messages", Messages.text(referral)), 400, "SCHEMA_VIOLATION");
        assertThat(problem.at("/reasons/0/path").asText()).isEqualTo("$.messageId");
    }

    @Test
    void aMyNumberAsMessageIdGets400AndIsNotEchoed() throws Exception {
        ObjectNode referral = Messages.referral("omuta-jiritsu", "omuta-takikan");
        referral.put("messageId", "123456789018"); // a valid 個人番号 (check digit 8)
        HttpResponse<String> response = http("omuta-jiritsu").post("/api/v1/messages", Messages.text(referral));
        JsonNode problem = assertProblem(response, 400, "MY_NUMBER_DETECTED");
        assertThat(problem.at("/reasons/0/path").asText()).isEqualTo("$.messageId");
        assertThat(response.body()).doesNotContain("123456789018");
    }

    /**
     * Over HTTP an overlong messageId is a 400 at once; any other overlong id is a rejection in the
     * pipeline, reported as the message's outcome like every schema fault.
     */
    @Test
    void overlongIdsAreReported() throws Exception {
        ObjectNode longMessageId = Messages.referral("omuta-jiritsu", "omuta-takikan");
        longMessageId.put("messageId", "L" + "x".repeat(128));
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", Messages.text(longMessageId)), 400, "SCHEMA_VIOLATION");

        ObjectNode longCaseId = Messages.referral("omuta-jiritsu", "omuta-takikan");
        longCaseId.put("caseId", "C" + "y".repeat(64));
        HttpAgency jiritsu = http("omuta-jiritsu");
        assertThat(jiritsu.post("/api/v1/messages", Messages.text(longCaseId)).statusCode()).isEqualTo(202);
        JsonNode outcome = jiritsu.awaitOutcome(longCaseId.get("messageId").asText());
        assertThat(outcome.at("/payload/outcome").asText()).isEqualTo("rejected");
        assertThat(outcome.at("/payload/reasons").findValuesAsText("path")).contains("$.caseId");
    }

    @Test
    void oversizeBodyGets413() throws Exception {
        String big = "{\"messageId\": \"big\", \"pad\": \"" + "x".repeat(300_000) + "\"}";
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", big), 413, "TOO_LARGE");
    }

    @Test
    void wrongMediaTypeOrEncodingGets415() throws Exception {
        ObjectNode referral = Messages.referral("omuta-jiritsu", "omuta-takikan");
        byte[] utf8 = Messages.text(referral).getBytes(StandardCharsets.UTF_8);
        byte[] sjis = Messages.text(referral).getBytes(Charset.forName("windows-31j"));
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", utf8, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", sjis, "application/json; charset=Shift_JIS"), 415, "BAD_ENCODING");
        assertProblem(http("omuta-jiritsu").post("/api/v1/messages", sjis, "application/json"), 415, "BAD_ENCODING");
    }

    @Test
    void utf8WithBomIsAccepted() throws Exception {
        ObjectNode referral = Messages.referral("omuta-jiritsu", "omuta-takikan");
        byte[] body = Messages.text(referral).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        HttpAgency jiritsu = http("omuta-jiritsu");
        assertThat(jiritsu.post("/api/v1/messages", withBom, "application/json; charset=utf-8").statusCode()).isEqualTo(202);
        assertThat(jiritsu.awaitOutcome(referral.get("messageId").asText()).at("/payload/outcome").asText()).isEqualTo("delivered");
    }

    @Test
    void unknownOutcomeIs404Problem() throws Exception {
        assertProblem(http("omuta-jiritsu").get("/api/v1/messages/never-sent"), 404, "NO_OUTCOME_YET");
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Messages.JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("title_ja").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        return problem;
    }
}
