package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;

/**
 * A realistic case end to end, over the broker: an 8050 household referred by 大牟田市第1地域包括
 * to the coordinator inside a 支援会議 (before consent), accepted, discussed in the 支援会議, consent
 * obtained, a 重層的支援会議 plan with 自立相談 and 基幹相談 on the team, a plan revision, closure, and a
 * message after closure refused: asserting what each agency received, redacted as the policy says.
 */
class CaseJourneyTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void an8050HouseholdFromReferralToClosure() throws Exception {
        String meetingId = "MT-J-" + System.nanoTime();
        String caseId = "C-J-" + System.nanoTime();
        assertThat(http("omuta-takikan").post("/api/v1/meetings", "{\"meetingId\": \"" + meetingId
                + "\", \"members\": [\"omuta-houkatsu-1\", \"omuta-jiritsu\", \"omuta-shogai\"]}").statusCode()).isEqualTo(201);

        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan");
             AgencyClient jiritsu = agency("omuta-jiritsu"); AgencyClient shogai = agency("omuta-shogai")) {

            // 1. つなぎ inside the 支援会議, before the person has consented
            ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
            referral.putObject("subject").put("localId", "H-J-8050");
            referral.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
            referral.put("caseId", caseId);
            houkatsu.send(Messages.text(referral), "case:" + caseId);
            JsonNode referralReport = houkatsu.receiveReport(id(referral), WAIT);
            assertThat(referralReport.at("/payload/outcome").asText()).isEqualTo("delivered");
            String person = referralReport.at("/payload/hubSubjectId").asText();
            assertThat(takikan.receiveMessage(id(referral), WAIT)).as("a member receives everything").isEqualTo(referral);

            // 2. the coordinator accepts, under its own local id
            ObjectNode accepted = Messages.referralStatus("omuta-takikan", Messages.payload(referral).get("referralId").asText());
            takikan.send(Messages.text(accepted));
            assertThat(takikan.receiveReport(id(accepted), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(houkatsu.receiveMessage(id(accepted), WAIT)).isNotNull();

            // 3. the 支援会議 discusses the household: members share, special-care included
            ObjectNode meetingUpdate = update(caseId, 1, person, "support-start", "omuta-jiritsu", "omuta-shogai");
            meetingUpdate.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
            Messages.payload(meetingUpdate).with("meeting").put("type", "shien-kaigi").put("meetingId", meetingId);
            sendDelivered(takikan, meetingUpdate);
            assertThat(sections(jiritsu.receiveMessage(id(meetingUpdate), WAIT))).containsExactly("health", "finance");
            assertThat(sections(shogai.receiveMessage(id(meetingUpdate), WAIT))).containsExactly("health", "finance");

            // 4. the person consents (written): the coordinator's team, without finance
            ObjectNode consent = Messages.example("consent/grant-written.json");
            consent.putObject("subject").put("localId", "H-J-8050");
            Messages.payload(consent).put("consentId", "CN-J-" + System.nanoTime());
            houkatsu.send(Messages.text(consent));
            JsonNode consentReport = houkatsu.receiveReport(id(consent), WAIT);
            assertThat(consentReport.at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(consentReport.at("/payload/hubSubjectId").asText()).as("the same person").isEqualTo(person);
            String consentId = Messages.payload(consent).get("consentId").asText();

            // 5. 重層的支援会議: the plan, under consent, names the person by the hub's id only
            ObjectNode plan = update(caseId, 2, person, "plan-revised", "omuta-jiritsu", "omuta-shogai");
            plan.putObject("legalBasis").put("kind", "consent").put("consentId", consentId);
            JsonNode planReport = sendDelivered(takikan, plan);
            assertThat(planReport.at("/payload/redactions")).extracting(r -> r.path("recipient").asText() + "/" + r.path("dataClass").asText())
                    .containsExactlyInAnyOrder("omuta-jiritsu/finance", "omuta-shogai/finance");
            assertThat(sections(jiritsu.receiveMessage(id(plan), WAIT))).containsExactly("health");
            assertThat(sections(shogai.receiveMessage(id(plan), WAIT))).containsExactly("health");

            // 6. plan revision: 基幹相談 leaves the team
            ObjectNode revision = update(caseId, 3, person, "plan-revised", "omuta-jiritsu");
            revision.putObject("legalBasis").put("kind", "consent").put("consentId", consentId);
            sendDelivered(takikan, revision);
            assertThat(jiritsu.receiveMessage(id(revision), WAIT)).isNotNull();
            assertThat(shogai.receiveMessage(id(revision), Duration.ofMillis(500))).isNull();
            assertThat(http("omuta-shogai").get("/api/v1/cases/" + caseId).statusCode()).isEqualTo(403);
            assertThat(http("omuta-jiritsu").get("/api/v1/cases/" + caseId).statusCode()).isEqualTo(200);

            // 7. closure (終結), then nothing more for the case
            ObjectNode closure = update(caseId, 4, person, "closure", "omuta-jiritsu");
            closure.putObject("legalBasis").put("kind", "consent").put("consentId", consentId);
            sendDelivered(takikan, closure);
            assertThat(jiritsu.receiveMessage(id(closure), WAIT).at("/payload/decision").asText()).isEqualTo("closure");

            ObjectNode late = Messages.referral("omuta-houkatsu-1", "omuta-jiritsu");
            late.putObject("subject").put("localId", "H-J-8050");
            late.putObject("legalBasis").put("kind", "consent").put("consentId", consentId);
            late.put("caseId", caseId);
            houkatsu.send(Messages.text(late), "case:" + caseId);
            assertThat(houkatsu.receiveReport(id(late), WAIT).at("/payload/reasons/0/code").asText()).isEqualTo("CASE_CLOSED");
            assertThat(jiritsu.receiveMessage(id(late), Duration.ofMillis(500))).isNull();
        }
    }

    private static ObjectNode update(String caseId, int version, String person, String decision, String... members) {
        ObjectNode update = Messages.caseUpdate(caseId, version, members);
        update.putObject("subject").put("hubSubjectId", person);
        Messages.payload(update).put("decision", decision);
        ArrayNode sensitive = Messages.payload(update).putArray("sensitive");
        sensitive.addObject().put("dataClass", "health").put("text", "本人の服薬管理について主治医と連携する。");
        sensitive.addObject().put("dataClass", "finance").put("text", "家賃の滞納は分納で合意。");
        return update;
    }

    private static JsonNode sendDelivered(AgencyClient takikan, ObjectNode update) {
        takikan.send(Messages.text(update), "case:" + update.get("caseId").asText());
        JsonNode report = takikan.receiveReport(id(update), WAIT);
        assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
        return report;
    }

    private static List<String> sections(JsonNode copy) {
        assertThat(copy).isNotNull();
        List<String> classes = new ArrayList<>();
        copy.at("/payload/sensitive").forEach(s -> classes.add(s.path("dataClass").asText()));
        return classes;
    }

    private static String id(ObjectNode message) {
        return message.get("messageId").asText();
    }
}
