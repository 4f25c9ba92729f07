package jp.jusou.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.examples.JmsAgencyExample;
import org.junit.jupiter.api.Test;

/**
 * Every client example of docs/integration.md runs against a demo hub: Python over AMQP 1.0 (Qpid Proton,
 * Debian's python3-qpid-proton under /usr/bin/python3), Java with JMS over AMQP 1.0 (Qpid JMS), and curl
 * on the HTTP API. Each sends a referral, gets its delivery report, and the receiver gets the referral.
 */
class IntegrationExamplesTest extends DemoHubSupport {

    private static final Path EXAMPLES = Path.of("../docs/integration/examples");

    @Test
    void pythonSendsOverAmqpAndTheReceiverStoresAndAcknowledges() throws Exception {
        grantConsent("omuta-kodomo");
        var referral = Messages.referral("omuta-kodomo", "omuta-takikan");
        String id = referral.get("messageId").asText();
        Path file = write(referral);
        Run sent = run("/usr/bin/python3", EXAMPLES.resolve("send_message.py").toString(), amqpUrl(), "omuta-kodomo", "demo-omuta-kodomo",
                file.toString());
        assertThat(sent.exit).as(sent.output).isZero();
        assertThat(Messages.JSON.readTree(sent.output).at("/payload/inReplyTo").asText()).isEqualTo(id);

        Path inbox = Files.createTempDirectory("takikan-received");
        Run received = run("/usr/bin/python3", EXAMPLES.resolve("receive_messages.py").toString(), amqpUrl(), "omuta-takikan",
                "demo-omuta-takikan", inbox.toString(), "3");
        assertThat(received.exit).as(received.output).isZero();
        assertThat(received.output).contains("referral omuta-kodomo " + id);
        assertThat(Messages.JSON.readTree(inbox.resolve("omuta-kodomo--" + id + ".json").toFile()).at("/payload/referralId").asText())
                .isEqualTo(referral.at("/payload/referralId").asText());
        try (AgencyClient takikan = agency("omuta-takikan")) {
            assertThat(takikan.receiveMessage(id, java.time.Duration.ofSeconds(1))).as("acknowledged, not offered again").isNull();
        }
    }

    @Test
    void javaSendsWithJmsOverAmqpAndTheReceiverGetsIt() throws Exception {
        grantConsent("omuta-takikan");
        var referral = Messages.referral("omuta-takikan", "omuta-kodomo");
        String id = referral.get("messageId").asText();
        Path store = Files.createTempDirectory("jms-example");
        var report = JmsAgencyExample.sendAndAwaitReport(amqpUrl(), "omuta-takikan", "demo-omuta-takikan", write(referral), store.resolve("takikan"));
        assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
        assertThat(report.at("/payload/recipients/0").asText()).isEqualTo("omuta-kodomo");
        assertThat(JmsAgencyExample.receiveAll(amqpUrl(), "omuta-kodomo", "demo-omuta-kodomo", store.resolve("kodomo"), 2000)).isPositive();
        assertThat(store.resolve("kodomo/omuta-takikan--" + id + ".json")).exists();
    }

    @Test
    void curlSubmitsGetsTheReportAndAcknowledgesTheInbox() throws Exception {
        grantConsent("omuta-shogai");
        var referral = Messages.referral("omuta-shogai", "omuta-takikan");
        String id = referral.get("messageId").asText();
        Path out = Files.createTempDirectory("curl-example");
        Run run = run("bash", EXAMPLES.resolve("http_agency.sh").toString(), httpUrl(), "omuta-shogai", "demo-omuta-shogai",
                write(referral).toString(), out.toString());
        assertThat(run.exit).as(run.output).isZero();
        assertThat(Messages.JSON.readTree(out.resolve("report-" + id + ".json").toFile()).at("/payload/outcome").asText()).isEqualTo("delivered");
        var inbox = Messages.JSON.readTree(out.resolve("inbox.json").toFile()).path("messages");
        List<String> replies = new ArrayList<>();
        inbox.forEach(m -> replies.add(m.at("/payload/inReplyTo").asText()));
        assertThat(replies).as("the delivery report is in the inbox").contains(id);
        assertThat(run.output).containsPattern("\\{\"acknowledged\":\\s*" + inbox.size() + "}");
    }

    /** docs/integration.md quotes the examples; each quoted block must be the file's text, so the guide shows what runs. */
    @Test
    void theGuideQuotesTheExamplesAsTheyAre() throws Exception {
        String guide = Files.readString(Path.of("../docs/integration.md"), StandardCharsets.UTF_8);
        var quote = java.util.regex.Pattern.compile("<!-- quoted from (\\S+) -->\n```\\w*\n(.*?)\n```", java.util.regex.Pattern.DOTALL).matcher(guide);
        int quotes = 0;
        while (quote.find()) {
            quotes++;
            assertThat(Files.readString(Path.of("..", quote.group(1)), StandardCharsets.UTF_8)).as(quote.group(1)).contains(quote.group(2));
        }
        assertThat(quotes).as("examples quoted").isEqualTo(4);
    }

    private String amqpUrl() {
        return "amqp://127.0.0.1:" + brokerPort();
    }

    private void grantConsent(String agency) {
        try (AgencyClient client = agency(agency)) {
            HubTestSupport.grantTestConsent(client, agency);
        }
    }

    private static Path write(com.fasterxml.jackson.databind.JsonNode message) throws java.io.IOException {
        Path file = Files.createTempFile("message", ".json");
        Files.writeString(file, Messages.text(message), StandardCharsets.UTF_8);
        return file;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT); // diagnostics to the test log, stdout to the assertion
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
