package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;

/**
 * Case teams over the broker: only the coordinator issues case updates, each fanned out to the team
 * of the plan (redacted per member), plan versions only increase, a closure closes the case until
 * the coordinator reopens it, and only team members read the case.
 */
class CaseTeamTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aCaseFromPlanToClosureAndBack() throws Exception {
        String caseId = "C-TEAM-" + System.nanoTime();
        ObjectNode v1 = Messages.caseUpdate(caseId, 1, "omuta-jiritsu", "omuta-shogai");
        assertDelivered(v1, "omuta-jiritsu", "omuta-shogai");

        ObjectNode fromMember = Messages.caseUpdate(caseId, 2, "omuta-jiritsu");
        fromMember.put("sender", "omuta-jiritsu");
        assertRejected(fromMember, "NOT_COORDINATOR");
        assertRejected(Messages.caseUpdate(caseId, 1, "omuta-jiritsu"), "STALE_PLAN_VERSION");

        ObjectNode v2 = Messages.caseUpdate(caseId, 2, "omuta-jiritsu", "omuta-kodomo");
        Messages.payload(v2).withArray("sensitive").addObject().put("dataClass", "finance").put("text", "家計の滞納は分納で合意済み。");
        Messages.payload(v2).put("decision", "plan-revised");
        JsonNode report = assertDelivered(v2, "omuta-jiritsu", "omuta-kodomo");
        assertThat(report.at("/payload/redactions/0/recipient").asText()).isEqualTo("omuta-kodomo");
        assertThat(report.at("/payload/redactions/0/dataClass").asText()).isEqualTo("finance");
        try (AgencyClient shogai = agency("omuta-shogai")) {
            assertThat(shogai.receiveMessage(v2.get("messageId").asText(), Duration.ofMillis(500))).as("no longer on the team").isNull();
        }

        HttpResponse<String> kodomoView = http("omuta-kodomo").get("/api/v1/cases/" + caseId);
        assertThat(kodomoView.statusCode()).isEqualTo(200);
        JsonNode view = Messages.JSON.readTree(kodomoView.body());
        assertThat(view.at("/payload/planVersion").asInt()).isEqualTo(2);
        assertThat(kodomoView.body()).as("redacted for its reader").doesNotContain("滞納は分納");
        assertThat(http("omuta-jiritsu").get("/api/v1/cases/" + caseId).body()).contains("滞納は分納");
        HttpResponse<String> shogaiView = http("omuta-shogai").get("/api/v1/cases/" + caseId);
        assertThat(shogaiView.statusCode()).isEqualTo(403);
        assertThat(Messages.JSON.readTree(shogaiView.body()).path("code").asText()).isEqualTo("NOT_CASE_TEAM");

        ObjectNode closure = Messages.caseUpdate(caseId, 3, "omuta-jiritsu");
        Messages.payload(closure).put("decision", "closure");
        assertDelivered(closure, "omuta-jiritsu");

        ObjectNode afterClosure = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        afterClosure.put("caseId", caseId);
        assertRejected(afterClosure, "CASE_CLOSED");
        ObjectNode closeAgain = Messages.caseUpdate(caseId, 4, "omuta-jiritsu");
        Messages.payload(closeAgain).put("decision", "closure");
        assertRejected(closeAgain, "CASE_CLOSED");

        ObjectNode reopen = Messages.caseUpdate(caseId, 4, "omuta-jiritsu");
        Messages.payload(reopen).put("decision", "plan-revised");
        assertDelivered(reopen, "omuta-jiritsu");
        ObjectNode afterReopen = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        afterReopen.put("caseId", caseId);
        assertDelivered(afterReopen, "omuta-takikan");
    }

    /**
     * A case has one coordinator, fixed when it opened, and a caseId is unique per municipality only:
     * a second coordinator of the same city cannot re-plan or close the case (NOT_COORDINATOR), and a
     * coordinator of another city numbering its case the same way gets a case of its own.
     */
    @Test
    void aCaseBelongsToItsMunicipalityAndItsCoordinator() throws Exception {
        deployCoordinator("omuta-takikan-2", "402028");
        deployCoordinator("kurume-takikan", "402036");
        String caseId = "C-SHARED-" + System.nanoTime();
        assertDelivered(Messages.caseUpdate(caseId, 3, "omuta-jiritsu"), "omuta-jiritsu");

        ObjectNode takeover = Messages.caseUpdate(caseId, 4, "omuta-jiritsu");
        takeover.put("sender", "omuta-takikan-2");
        Messages.payload(takeover).put("decision", "closure");
        assertRejected(takeover, "NOT_COORDINATOR");

        // a 支援会議 belongs to the coordinator that registered it: another one cannot re-register its members
        String meetingId = "MT-OWN-" + System.nanoTime();
        assertThat(http("omuta-takikan").post("/api/v1/meetings",
                "{\"meetingId\": \"" + meetingId + "\", \"members\": [\"omuta-jiritsu\"]}").statusCode()).isEqualTo(201);
        HttpResponse<String> overwrite = http("omuta-takikan-2").post("/api/v1/meetings",
                "{\"meetingId\": \"" + meetingId + "\", \"members\": [\"omuta-kodomo\"]}");
        assertThat(overwrite.statusCode()).as(overwrite.body()).isEqualTo(409);
        assertThat(Messages.JSON.readTree(overwrite.body()).path("code").asText()).isEqualTo("NOT_COORDINATOR");
        assertThat(http("omuta-kodomo").get("/api/v1/meetings/" + meetingId).statusCode()).as("not made a member").isEqualTo(404);
        assertThat(http("omuta-jiritsu").get("/api/v1/meetings/" + meetingId).statusCode()).as("still a member").isEqualTo(200);
        assertThat(http("omuta-takikan").post("/api/v1/meetings",
                "{\"meetingId\": \"" + meetingId + "\", \"members\": [\"omuta-shogai\"]}").statusCode())
                .as("its own coordinator may change the members").isEqualTo(200);

        try (AgencyClient kurume = agency("kurume-takikan")) {
            var consent = Messages.testConsent("kurume-takikan");
            consent.put("municipality", "402036");
            Messages.payload(consent).putArray("grantees").add("kurume-houkatsu-1");
            kurume.send(Messages.text(consent));
            assertThat(kurume.receiveReport(consent.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        ObjectNode otherCity = Messages.caseUpdate(caseId, 1);
        otherCity.put("sender", "kurume-takikan").put("municipality", "402036");
        otherCity.putObject("legalBasis").put("kind", "consent").put("consentId", Messages.testConsentId("kurume-takikan"));
        Messages.payload(otherCity).withArray("team").removeAll();
        Messages.payload(otherCity).withArray("team").addObject().put("agency", "kurume-takikan").put("role", "lead");
        Messages.payload(otherCity).withArray("team").addObject().put("agency", "kurume-houkatsu-1").put("role", "support");
        Messages.payload(otherCity).put("decision", "closure");
        assertDelivered(otherCity, "kurume-houkatsu-1");

        HttpResponse<String> omutaView = http("omuta-jiritsu").get("/api/v1/cases/" + caseId);
        assertThat(omutaView.statusCode()).isEqualTo(200);
        assertThat(Messages.JSON.readTree(omutaView.body()).at("/payload/planVersion").asInt()).as("untouched by the others").isEqualTo(3);
        HttpResponse<String> kurumeView = http("kurume-houkatsu-1").get("/api/v1/cases/" + caseId);
        assertThat(kurumeView.statusCode()).isEqualTo(200);
        assertThat(Messages.JSON.readTree(kurumeView.body()).path("sender").asText()).isEqualTo("kurume-takikan");
        // the omuta case is still open: its own coordinator goes on
        assertDelivered(Messages.caseUpdate(caseId, 4, "omuta-jiritsu"), "omuta-jiritsu");
    }

    private void deployCoordinator(String id, String municipality) {
        String yaml = """
                agency: {id: %s, name: 多機関協働（試験）, kind: takikan, municipality: "%s", operator: 試験}
                secret: {env: HUB_SECRET_%s}
                inbound: {transport: broker}
                outbound: {transport: broker}
                """.formatted(id, municipality, id.toUpperCase().replace('-', '_'));
        HttpResponse<String> deployed = new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator")
                .post("/api/v1/connectors?file=" + id + ".yaml", yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    }
}
