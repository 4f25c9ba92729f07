package jp.jusou.hub.pipeline;

import jp.jusou.hub.Waits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.intake.SchemaCatalog;
import jp.jusou.hub.message.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A referral from 大牟田市第1地域包括 (omuta-houkatsu-1) to the coordinator (omuta-takikan), end to
 * end: over the broker, and over the HTTP API (submit, outcome, inbox pull and ack).
 */
class EndToEndTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MeterRegistry metrics;

    @Autowired
    SchemaCatalog schemas;

    @Test
    void referralOverTheBrokerIsDeliveredAndReported() throws Exception {
        double outBefore = counter("hub.messages.out", "omuta-takikan");
        double deliveredBefore = counter("hub.messages.delivered", "omuta-houkatsu-1");
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));

            String messageId = referral.get("messageId").asText();
            Message raw = null;
            JsonNode received = null;
            while (received == null || !messageId.equals(received.path("messageId").asText())) {
                raw = takikan.receiveRaw(WAIT);
                assertThat(raw).as("the coordinator receives the referral").isNotNull();
                received = Messages.JSON.readTree(((jakarta.jms.TextMessage) raw).getText());
            }
            assertThat(received).isEqualTo(referral);
            assertThat(raw.getStringProperty("JMSXGroupID")).startsWith("subject:").doesNotContain("H-0042")
                    .isEqualTo(jp.jusou.hub.message.HubMessage.groupIdOf(referral));
            assertThat(raw.getStringProperty("hub_type")).isEqualTo("referral");

            JsonNode report = houkatsu.receiveReport(messageId, WAIT);
            assertThat(report).as("the sender gets a delivery report").isNotNull();
            assertThat(report.path("sender").asText()).isEqualTo("hub");
            assertThat(report.at("/payload/inReplyTo").asText()).isEqualTo(referral.get("messageId").asText());
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(report.at("/payload/recipients/0").asText()).isEqualTo("omuta-takikan");
            assertThat(schemas.validate(MessageType.DELIVERY_REPORT, report)).as("the report conforms to its schema").isEmpty();
        }
        assertThat(counter("hub.messages.out", "omuta-takikan")).isEqualTo(outBefore + 1);
        assertThat(counter("hub.messages.delivered", "omuta-houkatsu-1")).isEqualTo(deliveredBefore + 1);
        assertThat(metrics.get("hub.messages.in").tag("agency", "omuta-houkatsu-1").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void referralOverHttpIsDeliveredToTheInboxAndAcknowledged() throws Exception {
        HttpAgency houkatsu = http("omuta-houkatsu-1");
        HttpAgency takikan = http("omuta-takikan");
        takikan.post("/api/v1/inbox/ack", "{\"messageIds\": []}");
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String messageId = referral.get("messageId").asText();

        HttpResponse<String> accepted = houkatsu.post("/api/v1/messages", Messages.text(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(Messages.JSON.readTree(accepted.body()).path("status").asText()).isEqualTo("accepted");

        JsonNode outcome = houkatsu.awaitOutcome(messageId);
        assertThat(outcome.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(outcome.at("/payload/recipients/0").asText()).isEqualTo("omuta-takikan");

        JsonNode pulled = takikan.pullUntil(messageId);
        assertThat(pulled).isEqualTo(referral);

        // not acknowledged: hidden for the visibility timeout, then offered again
        assertThat(ids(takikan.get("/api/v1/inbox?max=10"))).doesNotContain(messageId);
        JsonNode again = takikan.pullUntil(messageId);
        assertThat(again).isEqualTo(referral);

        HttpResponse<String> ack = takikan.post("/api/v1/inbox/ack", "{\"messageIds\": [\"" + messageId + "\"]}");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(Messages.JSON.readTree(ack.body()).path("acknowledged").asInt()).isEqualTo(1);
        // past the visibility timeout: an acknowledged message is never offered again
        Waits.holds("not offered after its ack", Duration.ofMillis(2500),
                () -> !ids(takikan.get("/api/v1/inbox?max=10")).contains(messageId));

        // the sender's own inbox holds its delivery report
        JsonNode report = houkatsu.pullUntil(null);
        assertThat(report.path("type").asText()).isEqualTo("delivery-report");
    }

    @Test
    void outcomeOfAnotherAgencysMessageIsNotShown() throws Exception {
        HttpAgency houkatsu = http("omuta-houkatsu-1");
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        assertThat(houkatsu.post("/api/v1/messages", Messages.text(referral)).statusCode()).isEqualTo(202);
        houkatsu.awaitOutcome(referral.get("messageId").asText());
        HttpResponse<String> other = http("omuta-jiritsu").get("/api/v1/messages/" + referral.get("messageId").asText());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
    }

    /**
     * messageIds are unique per sender only: the same id from two agencies is two messages. Each
     * recipient (one pulling over HTTP, one on the broker) gets both copies, and each sender a
     * truthful report; acknowledging one copy by sender and messageId leaves the other.
     */
    @Test
    void theSameMessageIdFromTwoSendersReachesEveryRecipientTwice() throws Exception {
        String sharedId = java.util.UUID.randomUUID().toString();
        String sharedBrokerId = java.util.UUID.randomUUID().toString();
        HttpAgency shogai = http("omuta-shogai");
        java.util.List<String> senders = java.util.List.of("omuta-houkatsu-1", "omuta-jiritsu");
        try (AgencyClient kodomo = agency("omuta-kodomo")) {
            for (String sender : senders) {
                ObjectNode toInbox = Messages.referral(sender, "omuta-shogai");
                toInbox.put("messageId", sharedId);
                ObjectNode toBroker = Messages.referral(sender, "omuta-kodomo");
                toBroker.put("messageId", sharedBrokerId);
                assertThat(http(sender).post("/api/v1/messages", Messages.text(toInbox)).statusCode()).isEqualTo(202);
                assertThat(http(sender).post("/api/v1/messages", Messages.text(toBroker)).statusCode()).isEqualTo(202);
            }
            for (String sender : senders) {
                for (String[] sent : new String[][] {{sharedId, "omuta-shogai"}, {sharedBrokerId, "omuta-kodomo"}}) {
                    JsonNode report = http(sender).awaitOutcome(sent[0]);
                    assertThat(report.at("/payload/outcome").asText()).as(sender + " → " + sent[1]).isEqualTo("delivered");
                    assertThat(report.at("/payload/recipients/0").asText()).isEqualTo(sent[1]);
                }
            }

            java.util.Set<String> overBroker = new java.util.HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode copy = kodomo.receiveMessage(sharedBrokerId, WAIT);
                assertThat(copy).as("copy " + (i + 1) + " on the broker").isNotNull();
                overBroker.add(copy.path("sender").asText());
            }
            assertThat(overBroker).containsExactlyInAnyOrderElementsOf(senders);
        }

        java.util.Set<String> inInbox = new java.util.HashSet<>();
        org.awaitility.Awaitility.await("both copies offered").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode m : Messages.JSON.readTree(shogai.get("/api/v1/inbox?max=50").body()).path("messages")) {
                if (sharedId.equals(m.path("messageId").asText())) {
                    inInbox.add(m.path("sender").asText());
                }
            }
            return inInbox.size() >= 2;
        });
        assertThat(inInbox).as("both copies in the HTTP inbox").containsExactlyInAnyOrderElementsOf(senders);

        HttpResponse<String> ack = shogai.post("/api/v1/inbox/ack",
                "{\"messages\": [{\"sender\": \"omuta-jiritsu\", \"messageId\": \"" + sharedId + "\"}]}");
        assertThat(Messages.JSON.readTree(ack.body()).path("acknowledged").asInt()).isEqualTo(1);
        JsonNode left = shogai.pullUntil(sharedId);
        assertThat(left.path("sender").asText()).as("the other sender's copy stays").isEqualTo("omuta-houkatsu-1");
    }

    static java.util.List<String> ids(HttpResponse<String> response) throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        Messages.JSON.readTree(response.body()).path("messages").forEach(m -> ids.add(m.path("messageId").asText()));
        return ids;
    }

    private double counter(String name, String agency) {
        var found = metrics.find(name).tag("agency", agency).counters();
        return found.stream().mapToDouble(c -> c.count()).sum();
    }
}
