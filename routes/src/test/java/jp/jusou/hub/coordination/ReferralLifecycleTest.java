package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;

/**
 * A referral's closed loop over the broker: every accepted status reaches the other party, illegal
 * moves, missing reasons, strangers and unknown referrals are rejected with their codes, and the
 * parties can read the current status and its history.
 */
class ReferralLifecycleTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aReferralWalksItsLifecycle() throws Exception {
        String referralId = refer("omuta-houkatsu-1", "omuta-takikan");

        // the requester may not accept its own referral; a status without its reason is refused
        assertRejected(status("omuta-houkatsu-1", referralId, "accepted", null), "ILLEGAL_TRANSITION");
        assertDelivered(status("omuta-takikan", referralId, "accepted", null), "omuta-houkatsu-1");
        assertRejected(status("omuta-takikan", referralId, "on-hold", null), "REASON_REQUIRED");
        assertDelivered(status("omuta-takikan", referralId, "on-hold", "本人の入院のため一時保留。"), "omuta-houkatsu-1");
        assertDelivered(status("omuta-takikan", referralId, "in-progress", null), "omuta-houkatsu-1");
        assertRejected(status("omuta-takikan", referralId, "accepted", null), "ILLEGAL_TRANSITION");
        assertDelivered(status("omuta-takikan", referralId, "completed", null), "omuta-houkatsu-1");
        assertRejected(status("omuta-takikan", referralId, "in-progress", null), "ILLEGAL_TRANSITION"); // completed is final
        assertRejected(status("omuta-jiritsu", referralId, "accepted", null), "NOT_REFERRAL_PARTY");
        assertRejected(status("omuta-takikan", "R-NEVER", "accepted", null), "UNKNOWN_REFERRAL");

        HttpResponse<String> view = http("omuta-houkatsu-1").get("/api/v1/referrals/" + referralId);
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode referral = Messages.JSON.readTree(view.body());
        assertThat(referral.path("status").asText()).isEqualTo("completed");
        List<String> history = new ArrayList<>();
        referral.path("history").forEach(e -> history.add(e.path("status").asText() + " by " + e.path("by").asText()));
        assertThat(history).containsExactly("requested by omuta-houkatsu-1", "accepted by omuta-takikan",
                "on-hold by omuta-takikan", "in-progress by omuta-takikan", "completed by omuta-takikan");
        assertThat(referral.path("history").get(0).path("at").asText()).isNotBlank();
        assertThat(http("omuta-takikan").get("/api/v1/referrals/" + referralId).statusCode()).isEqualTo(200);
        assertThat(http("omuta-jiritsu").get("/api/v1/referrals/" + referralId).statusCode()).isEqualTo(403);
        assertThat(view.body()).doesNotContain("入院");
    }

    @Test
    void eitherSideCancelsOnlyTheRequesterMarksAnError() throws Exception {
        String byRequester = refer("omuta-houkatsu-2", "omuta-jiritsu");
        assertRejected(status("omuta-houkatsu-2", byRequester, "cancelled", null), "REASON_REQUIRED");
        assertDelivered(status("omuta-houkatsu-2", byRequester, "cancelled", "本人が転居したため取り下げ。"), "omuta-jiritsu");

        String rejectedOne = refer("omuta-houkatsu-2", "omuta-jiritsu");
        assertDelivered(status("omuta-jiritsu", rejectedOne, "rejected", "対象外（市外在住）のため。"), "omuta-houkatsu-2");

        String inError = refer("omuta-houkatsu-2", "omuta-jiritsu");
        assertRejected(status("omuta-jiritsu", inError, "entered-in-error", null), "ILLEGAL_TRANSITION");
        assertDelivered(status("omuta-houkatsu-2", inError, "entered-in-error", null), "omuta-jiritsu");
        assertRejected(status("omuta-houkatsu-2", inError, "cancelled", "誤登録"), "ILLEGAL_TRANSITION");
    }

    @Test
    void theHubNamesThePersonAcrossAgenciesAndRefusesAStatusAboutSomeoneElse() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-shogai");
        String hubSubjectId;
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient shogai = agency("omuta-shogai")) {
            houkatsu.send(Messages.text(referral));
            JsonNode report = houkatsu.receiveReport(referral.get("messageId").asText(), WAIT);
            hubSubjectId = report.at("/payload/hubSubjectId").asText();
            assertThat(hubSubjectId).matches("S-[A-Z0-9]{4}-[A-Z0-9]{4}");
            jakarta.jms.Message copy = null;
            while (copy == null || !referral.get("messageId").asText().equals(
                    Messages.JSON.readTree(((jakarta.jms.TextMessage) copy).getText()).path("messageId").asText())) {
                copy = shogai.receiveRaw(WAIT);
                assertThat(copy).isNotNull();
            }
            assertThat(copy.getStringProperty("hub_subject_id")).as("the receiver learns the hub's id").isEqualTo(hubSubjectId);
        }
        String referralId = Messages.payload(referral).get("referralId").asText();
        // the receiver accepts under its own local id, then names the person by the hub's id alone
        ObjectNode accepted = status("omuta-shogai", referralId, "accepted", null);
        Messages.payload(accepted).put("receiverLocalId", "SG-0099");
        assertDelivered(accepted, "omuta-houkatsu-1");
        ObjectNode byHubId = status("omuta-shogai", referralId, "in-progress", null);
        byHubId.putObject("subject").put("hubSubjectId", hubSubjectId);
        assertDelivered(byHubId, "omuta-houkatsu-1");
        ObjectNode byMappedLocalId = status("omuta-shogai", referralId, "on-hold", "調整中");
        byMappedLocalId.putObject("subject").put("localId", "SG-0099");
        assertDelivered(byMappedLocalId, "omuta-houkatsu-1");

        ObjectNode someoneElse = status("omuta-shogai", referralId, "in-progress", null);
        someoneElse.putObject("subject").put("hubSubjectId", "S-ZZZZ-ZZZZ");
        assertRejected(someoneElse, "SUBJECT_MISMATCH");
    }

    /**
     * referralIds are unique per requester only: two centers that both number a referral R-… to the
     * same receiver get two referrals with two closed loops. The receiver names the requester it
     * answers (payload.requester, or ?requester= when reading); without it the hub cannot tell.
     */
    @Test
    void twoRequestersWithTheSameReferralIdKeepTheirOwnLoops() throws Exception {
        String referralId = "R-SAME-" + System.nanoTime();
        for (String requester : List.of("omuta-houkatsu-1", "omuta-houkatsu-2")) {
            ObjectNode referral = Messages.referral(requester, "omuta-takikan");
            Messages.payload(referral).put("referralId", referralId);
            assertDelivered(referral, "omuta-takikan");
        }

        assertRejected(status("omuta-takikan", referralId, "accepted", null), "AMBIGUOUS_REFERRAL");
        ObjectNode acceptSecond = status("omuta-takikan", referralId, "accepted", null);
        Messages.payload(acceptSecond).put("requester", "omuta-houkatsu-2");
        assertDelivered(acceptSecond, "omuta-houkatsu-2");
        try (AgencyClient first = agency("omuta-houkatsu-1")) {
            assertThat(first.receiveMessage(acceptSecond.get("messageId").asText(), Duration.ofMillis(500)))
                    .as("the other requester's loop is not touched").isNull();
        }
        // each requester moves only its own referral
        assertDelivered(status("omuta-houkatsu-1", referralId, "cancelled", "本人が辞退。"), "omuta-takikan");

        assertThat(statusSeenBy("omuta-houkatsu-1", referralId, "")).isEqualTo("cancelled");
        assertThat(statusSeenBy("omuta-houkatsu-2", referralId, "")).isEqualTo("accepted");
        assertThat(statusSeenBy("omuta-takikan", referralId, "?requester=omuta-houkatsu-2")).isEqualTo("accepted");
        assertThat(http("omuta-takikan").get("/api/v1/referrals/" + referralId).statusCode()).as("which of the two?").isEqualTo(409);
    }

    private String statusSeenBy(String reader, String referralId, String query) throws Exception {
        HttpResponse<String> view = http(reader).get("/api/v1/referrals/" + referralId + query);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        return Messages.JSON.readTree(view.body()).path("status").asText();
    }

    private String refer(String from, String to) {
        ObjectNode referral = Messages.referral(from, to);
        try (AgencyClient sender = agency(from)) {
            sender.send(Messages.text(referral));
            assertThat(sender.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        return Messages.payload(referral).get("referralId").asText();
    }

    private ObjectNode status(String from, String referralId, String status, String reason) {
        ObjectNode message = Messages.referralStatus(from, referralId);
        Messages.payload(message).put("status", status);
        if (reason != null) {
            Messages.payload(message).put("reason", reason);
        }
        return message;
    }
}
