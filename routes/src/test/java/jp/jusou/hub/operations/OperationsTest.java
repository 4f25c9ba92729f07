package jp.jusou.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What operators get: health (broker, database), Prometheus metrics per agency, reason and queue,
 * the quarantine as metadata with replay after a fix, and logs without case content.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class OperationsTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void healthShowsBrokerAndDatabaseToOperatorsOnly() throws Exception {
        JsonNode bare = Messages.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(bare.path("status").asText()).isEqualTo("UP");
        assertThat(bare.has("components")).as("anonymous callers see the status only").isFalse();
        JsonNode health = Messages.JSON.readTree(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator")
                .get("/actuator/health").body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusShowsMessagesPerAgencyAndReasonAndQueueDepths() throws Exception {
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2"); AgencyClient takikan = agency("omuta-takikan")) {
            ObjectNode referral = Messages.referral("omuta-houkatsu-2", "omuta-takikan");
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT)).isNotNull();
            houkatsu.send("not json");
            assertThat(houkatsu.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()), WAIT)).isNotNull();
        }
        // a message waits on jiritsu's outbound queue: the depth gauge shows it
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2")) {
            ObjectNode toJiritsu = Messages.referral("omuta-houkatsu-2", "omuta-jiritsu");
            houkatsu.send(Messages.text(toJiritsu));
            assertThat(houkatsu.receiveReport(toJiritsu.get("messageId").asText(), WAIT)).isNotNull();
        }
        String metrics = org.awaitility.Awaitility.await("jiritsu's depth gauge").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> get("/actuator/prometheus").body(),
                        m -> m.matches("(?s).*hub_queue_depth\\{[^}]*queue=\"hub.outbound.omuta-jiritsu\"[^}]*\\} [1-9].*"));
        assertThat(metrics).containsPattern("hub_messages_in_total\\{[^}]*agency=\"omuta-houkatsu-2\"");
        assertThat(metrics).containsPattern("hub_messages_out_total\\{[^}]*agency=\"omuta-takikan\"[^}]*type=\"referral\"");
        assertThat(metrics).containsPattern("hub_messages_delivered_total\\{[^}]*agency=\"omuta-houkatsu-2\"");
        assertThat(metrics).containsPattern("hub_messages_rejected_total\\{[^}]*agency=\"omuta-houkatsu-2\"[^}]*reason=\"MALFORMED_JSON\"");
        assertThat(metrics).containsPattern("hub_queue_depth\\{[^}]*queue=\"hub.outbound.omuta-jiritsu\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("hub_queue_depth\\{[^}]*queue=\"hub.dlq\"");
        assertThat(metrics).doesNotContain("古賀", "大牟田市有明町");
    }

    @Test
    void quarantineShowsMetadataOnlyAndReplaysAfterTheFix() throws Exception {
        HttpAgency operator = new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator");
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-shogai");
        String referralId = Messages.payload(referral).get("referralId").asText();
        ObjectNode status = Messages.referralStatus("omuta-shogai", referralId);
        String statusId = status.get("messageId").asText();
        try (AgencyClient shogai = agency("omuta-shogai"); AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            // the status overtakes its referral (say, the referral was held up at the sender): rejected
            shogai.send(Messages.text(status));
            assertThat(shogai.receiveReport(statusId, WAIT).at("/payload/reasons/0/code").asText()).isEqualTo("UNKNOWN_REFERRAL");

            HttpResponse<String> list = operator.get("/api/v1/quarantine?sender=omuta-shogai");
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode entry = null;
            for (JsonNode e : Messages.JSON.readTree(list.body())) {
                if (statusId.equals(e.path("messageId").asText())) {
                    entry = e;
                }
            }
            assertThat(entry).isNotNull();
            assertThat(entry.path("reasonCodes").asText()).isEqualTo("UNKNOWN_REFERRAL");
            assertThat(entry.path("messageType").asText()).isEqualTo("referral-status");
            assertThat(entry.has("bodyMasked")).isFalse();
            assertThat(list.body()).doesNotContain("TK-0017", "receiverLocalId");

            // the fix: the referral arrives; the operator replays the status, which is now delivered
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText())
                    .isEqualTo("delivered");
            HttpResponse<String> replay = operator.post("/api/v1/quarantine/" + entry.path("quarantineId").asText() + "/replay", "{}");
            assertThat(replay.statusCode()).isEqualTo(202);
            assertThat(houkatsu.receiveMessage(statusId, WAIT)).isEqualTo(status);
            JsonNode report = shogai.receiveReport(statusId, WAIT);
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");

            HttpResponse<String> again = operator.post("/api/v1/quarantine/" + entry.path("quarantineId").asText() + "/replay", "{}");
            assertThat(again.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void logsCarryNoCaseContent(CapturedOutput output) {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        Messages.payload(referral).with("person").put("name", "ログ漏洩 確認子");
        Messages.payload(referral).put("summary", "ログ確認用の相談経過 個人番号 1234 5678 9018");
        ObjectNode bad = referral.deepCopy();
        bad.put("messageId", java.util.UUID.randomUUID().toString());
        Messages.payload(bad).put("urgency", "ログ漏洩 確認子");
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            houkatsu.send(Messages.text(referral));
            houkatsu.send(Messages.text(bad));
            houkatsu.send("{\"messageId\": \"log-check\", \"summary\": \"ログ漏洩 確認子\"");
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT)).isNotNull();
            assertThat(houkatsu.receiveReport(bad.get("messageId").asText(), WAIT)).isNotNull();
        }
        assertThat(output.getAll()).doesNotContain("ログ漏洩", "確認子", "ログ確認用", "5678 9018", "大牟田市有明町");
    }

    /** As the metrics scraper (the demo's scrape credential) would ask. */
    private HttpResponse<String> get(String path) throws Exception {
        return new HttpAgency("http://127.0.0.1:" + httpPort, "prometheus", "demo-prometheus").get(path);
    }
}
