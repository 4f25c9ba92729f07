package jp.jusou.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.connectors.ConnectorRuntime;
import jp.jusou.hub.connectors.ConnectorStatus;
import jp.jusou.hub.operations.Dashboard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo delivers to every agency over its own transport out of the box: 自立相談 over its webhook
 * (the stand-in checks the hub's signature), 第2包括 over its SFTP server, and every connector runs
 * with no problem on the console's overview.
 */
class DemoStandInsTest extends DemoHubSupport {

    @Autowired
    ConnectorRuntime runtime;

    @Autowired
    Dashboard dashboard;

    @Autowired
    WebhookStandIn webhook;

    @Test
    void aReferralToJiritsuLeavesItsQueueOverTheSignedWebhook() throws Exception {
        String id = referFromCoordinator("omuta-jiritsu");
        await(() -> !filesContaining(webhookReceived(), id).isEmpty(), "omuta-jiritsu's webhook receives " + id);
        var received = Messages.JSON.readTree(filesContaining(webhookReceived(), id).get(0).toFile());
        assertThat(received.path("type").asText()).isEqualTo("referral");
        assertThat(received.at("/payload/to").asText()).isEqualTo("omuta-jiritsu");
        assertThat(webhook.refused()).as("every call carried the right signature").isZero();
    }

    @Test
    void theWebhookStandInRefusesAWrongSignature() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + webhook.port() + "/jusou-hub/messages"))
                .header("X-Hub-Signature-256", "sha256=" + "00".repeat(32))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messageId\": \"forged\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(filesContaining(webhookReceived(), "forged")).isEmpty();
    }

    @Test
    void aReferralToHoukatsu2IsWrittenToItsSftpServer() throws Exception {
        String id = referFromCoordinator("omuta-houkatsu-2");
        await(() -> !filesContaining(sftpFromHub(), id).isEmpty(), "omuta-houkatsu-2's SFTP server receives " + id);
        assertThat(filesContaining(sftpFromHub(), id).get(0).getFileName().toString()).endsWith(".json");
    }

    @Test
    void everyDemoConnectorRunsAndTheOverviewShowsNoProblem() throws Exception {
        List<ConnectorStatus> statuses = runtime.statuses();
        assertThat(statuses).extracting(ConnectorStatus::agencyId).contains("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu",
                "omuta-shogai", "omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1");
        assertThat(statuses).allSatisfy(s -> assertThat(s.state()).as(s.agencyId() + ": " + s.error()).isEqualTo(ConnectorStatus.RUNNING));
        // the queue figures are sampled every second here (hub.operations.queue-depth-interval): until the first
        // sample a queue is "unknown", which the overview rightly marks; wait for it, then nothing may be red
        List<Map<String, Object>> agencies = org.awaitility.Awaitility.await("the first queue sample")
                .atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200)) // as the console polls
                .until(this::agencies, all -> all.stream().noneMatch(a -> String.valueOf(a.get("problems")).contains("QUEUE_UNKNOWN")));
        assertThat(agencies).allSatisfy(a -> assertThat((List<?>) a.get("problems")).as(String.valueOf(a.get("agencyId"))).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> agencies() {
        return (List<Map<String, Object>>) dashboard.overview().get("agencies");
    }

    @Test
    void binDemoReferralShowsTheReferralArrivingAtItsReceiver() throws Exception {
        ProcessBuilder script = new ProcessBuilder("bash", "../bin/demo-referral", httpUrl()).redirectErrorStream(true);
        script.environment().put("HUB_DATA_DIR", dataDir);
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("== 3. omuta-jiritsu's system receives it");
        assertThat(java.util.regex.Pattern.compile("-- delivery report: .*\"outcome\"\\s*:\\s*\"delivered\"").matcher(output).results().count())
                .as("the consent and the referral are delivered: %s", output).isEqualTo(2);
        String id = output.replaceAll("(?s).*\\(messageId ([0-9a-f-]{36})\\).*", "$1");
        var received = Messages.JSON.readTree(webhookReceived().resolve("omuta-houkatsu-1--" + id + ".json").toFile());
        assertThat(received.path("type").asText()).isEqualTo("referral");
        assertThat(received.path("sender").asText()).isEqualTo("omuta-houkatsu-1");
    }

    /** The coordinator (on the broker) refers the test subject to an agency; returns the messageId once delivered. */
    private String referFromCoordinator(String to) {
        try (AgencyClient takikan = agency("omuta-takikan")) {
            HubTestSupport.grantTestConsent(takikan, "omuta-takikan");
            var referral = Messages.referral("omuta-takikan", to);
            String id = referral.get("messageId").asText();
            takikan.send(Messages.text(referral));
            var report = takikan.receiveReport(id, WAIT);
            assertThat(report).as("delivery report").isNotNull();
            assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
            return id;
        }
    }
}
