package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.jusou.hub.AgencyClient;
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
}
