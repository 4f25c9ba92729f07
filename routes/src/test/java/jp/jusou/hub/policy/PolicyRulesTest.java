package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every policy rule, over the broker, with allow, deny and redact: consents (scope, revocation,
 * expiry, another person's consent), 支援会議 membership, vital interest, special-care classes, the
 * agency kind's allowance, and DV address confidentiality.
 */
class PolicyRulesTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NOTHING = Duration.ofMillis(400);

    @Autowired
    DisclosureLedger ledger;

    // --- consent

    @Test
    void consentNamingRecipientAndClassesAllowsTheWholeMessage() {
        ObjectNode referral = referralUnder("omuta-houkatsu-1", "omuta-takikan", consent("omuta-houkatsu-1", "H-C1",
                List.of("omuta-takikan"), List.of("identity", "contact", "household", "summary", "health", "finance")), "H-C1");
        JsonNode report = send("omuta-houkatsu-1", referral);
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(report.at("/payload/redactions")).isEmpty();
        assertThat(receive("omuta-takikan", referral)).isEqualTo(referral);
    }

    @Test
    void classesOutsideTheConsentAreRedactedForThatRecipient() {
        ObjectNode referral = referralUnder("omuta-houkatsu-1", "omuta-takikan", consent("omuta-houkatsu-1", "H-C2",
                List.of("omuta-takikan"), List.of("identity", "summary")), "H-C2");
        JsonNode report = send("omuta-houkatsu-1", referral);
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(redactions(report)).contains("omuta-takikan/contact/$.payload.person.address",
                "omuta-takikan/household/$.payload.household", "omuta-takikan/health/$.payload.sensitive[0]",
                "omuta-takikan/finance/$.payload.sensitive[1]");
        JsonNode copy = receive("omuta-takikan", referral);
        assertThat(copy.at("/payload/person/name").asText()).isEqualTo("古賀 ミチ子");
        assertThat(copy.at("/payload/person").has("address")).isFalse();
        assertThat(copy.at("/payload").has("household")).isFalse();
        assertThat(copy.at("/payload/sensitive")).isEmpty();
        assertThat(Messages.text(copy)).doesNotContain("糖尿病", "老齢基礎年金", "有明町");
        DisclosureLedger.Entry entry = ledger.forMessage("omuta-houkatsu-1", referral.get("messageId").asText()).get(0);
        assertThat(entry.redactedClasses()).contains("health", "finance", "household", "contact");
        assertThat(entry.dataClasses()).contains("identity", "summary").doesNotContain("health");
    }

    @Test
    void withoutTheIdentityClassARecipientSeesNeitherTheNameNorTheSendersLocalId() {
        ObjectNode referral = referralUnder("omuta-houkatsu-1", "omuta-takikan", consent("omuta-houkatsu-1", "H-C8",
                List.of("omuta-takikan"), List.of("summary")), "H-C8");
        JsonNode report = send("omuta-houkatsu-1", referral);
        assertThat(redactions(report)).contains("omuta-takikan/identity/$.subject.localId", "omuta-takikan/identity/$.payload.person.name");
        JsonNode copy = receive("omuta-takikan", referral);
        assertThat(copy.path("subject").has("localId")).isFalse();
        assertThat(Messages.text(copy)).doesNotContain("H-C8", "古賀 ミチ子");
    }

    @Test
    void recipientOutsideTheConsentIsDenied() {
        ObjectNode referral = referralUnder("omuta-houkatsu-1", "omuta-jiritsu", consent("omuta-houkatsu-1", "H-C3",
                List.of("omuta-takikan"), List.of("identity")), "H-C3");
        assertRejected(send("omuta-houkatsu-1", referral), "CONSENT_SCOPE");
        assertThat(receiveOrNull("omuta-jiritsu", referral)).isNull();
    }

    @Test
    void purposeOutsideTheConsentIsDenied() {
        ObjectNode grant = grant("omuta-houkatsu-1", "H-C7", List.of("omuta-takikan"), List.of("identity"));
        Messages.payload(grant).putArray("purposes").add("case-coordination"); // a known purpose, but not referral
        assertThat(send("omuta-houkatsu-1", grant).at("/payload/outcome").asText()).isEqualTo("delivered");
        String consentId = Messages.payload(grant).get("consentId").asText();
        JsonNode report = send("omuta-houkatsu-1", referralUnder("omuta-houkatsu-1", "omuta-takikan", consentId, "H-C7"));
        assertRejected(report, "CONSENT_SCOPE");
        assertThat(report.at("/payload/reasons/0/message/en").asText()).contains("purpose");
    }

    /** A purpose the hub does not act on would register a consent that never covers anything: refused. */
    @Test
    void unknownPurposeIsRejectedAtRegistrationWithThePathOfTheBadItem() throws Exception {
        ObjectNode grant = grant("omuta-houkatsu-1", "H-C9", List.of("omuta-takikan"), List.of("identity"));
        Messages.payload(grant).putArray("purposes").add("referral").add("coordination");
        JsonNode report = send("omuta-houkatsu-1", grant);
        assertRejected(report, "SCHEMA_VIOLATION");
        assertThat(report.at("/payload/reasons")).hasSize(1);
        assertThat(report.at("/payload/reasons/0/path").asText()).isEqualTo("$.payload.purposes[1]");
        assertThat(report.at("/payload/reasons/0/message/ja").asText()).contains("利用目的", "referral（紹介・つなぎ", "case-coordination（");
        String consentId = Messages.payload(grant).get("consentId").asText();
        assertThat(http("omuta-houkatsu-1").get("/api/v1/consents/" + consentId).statusCode()).as("not registered").isEqualTo(404);
    }

    @Test
    void missingExpiredOrOtherPersonsConsentIsDenied() {
        ObjectNode missing = referralUnder("omuta-houkatsu-1", "omuta-takikan", "CN-NEVER", "H-C4");
        assertRejected(send("omuta-houkatsu-1", missing), "CONSENT_MISSING");

        String other = consent("omuta-houkatsu-1", "H-SOMEONE-ELSE", List.of("omuta-takikan"), List.of("identity"));
        assertRejected(send("omuta-houkatsu-1", referralUnder("omuta-houkatsu-1", "omuta-takikan", other, "H-C4")), "CONSENT_MISSING");

        ObjectNode expiredGrant = grant("omuta-houkatsu-1", "H-C5", List.of("omuta-takikan"), List.of("identity"));
        LocalDate today = TestDates.today();
        Messages.payload(expiredGrant).put("validFrom", today.minusYears(1).toString()).put("validUntil", today.minusDays(1).toString());
        assertThat(send("omuta-houkatsu-1", expiredGrant).at("/payload/outcome").asText()).isEqualTo("delivered");
        String expiredId = Messages.payload(expiredGrant).get("consentId").asText();
        assertRejected(send("omuta-houkatsu-1", referralUnder("omuta-houkatsu-1", "omuta-takikan", expiredId, "H-C5")), "CONSENT_EXPIRED");
    }

    @Test
    void revocationStopsLaterMessagesAndTellsEveryGranteeThatReceivedData() {
        String consentId = consent("omuta-houkatsu-1", "H-C6", List.of("omuta-takikan", "omuta-jiritsu"), List.of("identity", "summary"));
        ObjectNode first = referralUnder("omuta-houkatsu-1", "omuta-takikan", consentId, "H-C6");
        assertThat(send("omuta-houkatsu-1", first).at("/payload/outcome").asText()).isEqualTo("delivered");
        receive("omuta-takikan", first);

        ObjectNode revoke = Messages.example("consent/revoke.json");
        revoke.put("sender", "omuta-houkatsu-1");
        revoke.putObject("subject").put("localId", "H-C6");
        Messages.payload(revoke).put("consentId", consentId);
        JsonNode revoked = send("omuta-houkatsu-1", revoke);
        assertThat(revoked.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(revoked.at("/payload/recipients")).extracting(JsonNode::asText).containsExactly("omuta-takikan");
        try (AgencyClient takikan = agency("omuta-takikan"); AgencyClient jiritsu = agency("omuta-jiritsu")) {
            JsonNode withdrawn = takikan.receiveWhere(m -> "consent-withdrawn".equals(m.path("type").asText())
                    && consentId.equals(m.at("/payload/consentId").asText()), WAIT);
            assertThat(withdrawn).isNotNull();
            assertThat(withdrawn.path("sender").asText()).isEqualTo("hub");
            assertThat(new jp.jusou.hub.intake.SchemaCatalog().validate(jp.jusou.hub.message.MessageType.CONSENT_WITHDRAWN, withdrawn))
                    .as("consent-withdrawn conforms to its schema").isEmpty();
            assertThat(jiritsu.receiveWhere(m -> consentId.equals(m.at("/payload/consentId").asText()), NOTHING))
                    .as("a grantee that received nothing is not told").isNull();
        }
        ObjectNode later = referralUnder("omuta-houkatsu-1", "omuta-takikan", consentId, "H-C6");
        assertRejected(send("omuta-houkatsu-1", later), "CONSENT_REVOKED");
    }

    @Test
    void theAgencyKindsAllowanceLimitsEvenAWideConsent() {
        // the test consent names every class, but a こども家庭センター may not receive finance (hub.policy.kind-classes)
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-kodomo");
        JsonNode report = send("omuta-houkatsu-1", referral);
        assertThat(redactions(report)).containsExactly("omuta-kodomo/finance/$.payload.sensitive[1]");
        JsonNode copy = receive("omuta-kodomo", referral);
        assertThat(copy.at("/payload/sensitive")).hasSize(1);
        assertThat(copy.at("/payload/sensitive/0/dataClass").asText()).isEqualTo("health");
    }

    // --- 支援会議

    @Test
    void meetingMembersShareEverythingOthersNothing() throws Exception {
        String meetingId = "MT-" + UUID.randomUUID();
        assertThat(registerMeeting("omuta-takikan", meetingId, "omuta-houkatsu-2", "omuta-jiritsu").statusCode()).isEqualTo(201);
        ObjectNode notice = Messages.example("outreach-notice/minsei-iin.json");
        notice.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
        Messages.payload(notice).put("meetingId", meetingId);
        Messages.payload(notice).putArray("to").add("omuta-takikan").add("omuta-jiritsu").add("omuta-shogai");
        JsonNode report = send("omuta-houkatsu-2", notice);
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(report.at("/payload/recipients")).extracting(JsonNode::asText).containsExactlyInAnyOrder("omuta-takikan", "omuta-jiritsu");
        assertThat(report.at("/payload/reasons/0/code").asText()).isEqualTo("NOT_MEETING_MEMBER");
        assertThat(receive("omuta-takikan", notice)).isEqualTo(notice);
        assertThat(receive("omuta-jiritsu", notice)).isEqualTo(notice);
        assertThat(receiveOrNull("omuta-shogai", notice)).isNull();
    }

    @Test
    void senderOutsideTheMeetingOrAnUnregisteredMeetingIsDenied() {
        String meetingId = "MT-" + UUID.randomUUID();
        assertThat(registerMeeting("omuta-takikan", meetingId, "omuta-jiritsu").statusCode()).isEqualTo(201);
        ObjectNode notice = Messages.example("outreach-notice/minsei-iin.json");
        notice.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
        assertRejected(send("omuta-houkatsu-2", notice), "NOT_MEETING_MEMBER");

        ObjectNode unregistered = Messages.example("outreach-notice/minsei-iin.json");
        unregistered.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", "MT-NEVER");
        assertRejected(send("omuta-houkatsu-2", unregistered), "NOT_MEETING_MEMBER");
    }

    @Test
    void onlyTheCoordinatorRegistersMeetings() throws Exception {
        HttpResponse<String> refused = registerMeeting("omuta-jiritsu", "MT-X", "omuta-jiritsu");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Messages.JSON.readTree(refused.body()).path("code").asText()).isEqualTo("NOT_COORDINATOR");

        // an id is stored and listed: a 個人番号 never becomes one, in any writing the detector accepts
        for (String myNumber : List.of("123456789018", "1234-5678-9018")) {
            HttpResponse<String> withMyNumber = registerMeeting("omuta-takikan", myNumber, "omuta-jiritsu");
            assertThat(withMyNumber.statusCode()).isEqualTo(400);
            assertThat(Messages.JSON.readTree(withMyNumber.body()).path("code").asText()).isEqualTo("MY_NUMBER_DETECTED");
            assertThat(withMyNumber.body()).doesNotContain(myNumber);
        }
    }

    @Test
    void aBadMemberIsNamedByItsPlaceInTheList() throws Exception {
        HttpResponse<String> refused = registerMeeting("omuta-takikan", "MT-" + UUID.randomUUID(),
                "omuta-jiritsu", "no-such-center", "kurume-houkatsu-1");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode reasons = Messages.JSON.readTree(refused.body()).path("reasons");
        assertThat(reasons).extracting(r -> r.path("path").asText() + " " + r.path("code").asText())
                .containsExactly("$.members[1] UNKNOWN_AGENCY", "$.members[2] OTHER_MUNICIPALITY");
        assertThat(reasons.get(0).at("/message/ja").asText()).contains("構成員（2番目）");
        assertThat(refused.body()).doesNotContain("no-such-center");
    }

    // --- vital interest

    @Test
    void vitalInterestNeedsARealJustificationAndNeverCarriesSpecialCare() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        referral.putObject("legalBasis").put("kind", "vital-interest").put("justification", "緊急");
        assertRejected(send("omuta-houkatsu-1", referral), "VITAL_INTEREST_UNJUSTIFIED");

        ObjectNode justified = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        justified.putObject("legalBasis").put("kind", "vital-interest").put("justification",
                "本人が自宅で倒れているのを民生委員が窓越しに確認したが応答がなく、家族とも連絡が取れない。生命の危険があり本人の同意を得られる状況にないため、"
                        + "多機関協働による緊急対応の調整に必要な範囲で提供する。");
        JsonNode report = send("omuta-houkatsu-1", justified);
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
        assertThat(redactions(report)).contains("omuta-takikan/health/$.payload.sensitive[0]", "omuta-takikan/finance/$.payload.sensitive[1]");
        JsonNode copy = receive("omuta-takikan", justified);
        assertThat(copy.at("/payload/sensitive")).isEmpty();
        DisclosureLedger.Entry entry = ledger.forMessage("omuta-houkatsu-1", justified.get("messageId").asText()).get(0);
        assertThat(entry.reviewRequired()).as("flagged for an auditor's review").isTrue();
        assertThat(entry.legalBasis()).isEqualTo("vital-interest");
        HttpResponse<String> review = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "auditor", "demo-auditor")
                .get("/api/v1/disclosures/review");
        assertThat(review.statusCode()).isEqualTo(200);
        assertThat(review.body()).contains(justified.get("messageId").asText());
    }

    // --- DV address confidentiality

    @Test
    void confidentialAddressReachesOnlyTheAllowedAndNeverThroughFreeText() {
        String meetingId = "MT-" + UUID.randomUUID();
        registerMeeting("omuta-takikan", meetingId, "omuta-houkatsu-2", "omuta-jiritsu", "omuta-kodomo");
        ObjectNode notice = Messages.example("outreach-notice/minsei-iin.json");
        notice.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
        Messages.payload(notice).putArray("to").add("omuta-takikan").add("omuta-jiritsu");
        ObjectNode person = Messages.payload(notice).with("person");
        person.put("addressConfidential", true).put("phone", "0944-11-2233");
        person.putArray("addressAllowedTo").add("omuta-takikan");
        JsonNode report = send("omuta-houkatsu-2", notice);
        assertThat(redactions(report)).contains("omuta-jiritsu/contact/$.payload.person.address", "omuta-jiritsu/contact/$.payload.person.phone")
                .noneMatch(r -> r.startsWith("omuta-takikan/"));
        assertThat(receive("omuta-takikan", notice).at("/payload/person/address").asText()).isEqualTo(person.get("address").asText());
        JsonNode hidden = receive("omuta-jiritsu", notice);
        assertThat(hidden.at("/payload/person").has("address")).isFalse();
        assertThat(hidden.at("/payload/person").has("phone")).isFalse();

        ObjectNode leaky = Messages.example("outreach-notice/minsei-iin.json");
        leaky.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
        Messages.payload(leaky).putArray("to").add("omuta-takikan").add("omuta-kodomo");
        ObjectNode leakyPerson = Messages.payload(leaky).with("person");
        leakyPerson.put("addressConfidential", true).putArray("addressAllowedTo").add("omuta-takikan");
        Messages.payload(leaky).put("observations", "転居先は" + leakyPerson.get("address").asText() + "とのこと。");
        JsonNode leakyReport = send("omuta-houkatsu-2", leaky);
        assertThat(leakyReport.at("/payload/recipients")).extracting(JsonNode::asText).containsExactly("omuta-takikan");
        assertThat(leakyReport.at("/payload/reasons/0/code").asText()).isEqualTo("CONFIDENTIAL_ADDRESS");
        assertThat(receiveOrNull("omuta-kodomo", leaky)).isNull();
    }

    // --- helpers

    private HttpResponse<String> registerMeeting(String by, String meetingId, String... members) {
        StringBuilder list = new StringBuilder();
        for (String m : members) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(m).append('"');
        }
        return http(by).post("/api/v1/meetings", "{\"meetingId\": \"" + meetingId + "\", \"members\": [" + list + "]}");
    }

    private ObjectNode grant(String agency, String localId, List<String> grantees, List<String> classes) {
        ObjectNode consent = Messages.example("consent/grant-written.json");
        consent.put("sender", agency);
        consent.putObject("subject").put("localId", localId);
        ObjectNode payload = Messages.payload(consent);
        payload.put("consentId", "CN-" + UUID.randomUUID());
        var g = payload.putArray("grantees");
        grantees.forEach(g::add);
        var c = payload.putArray("dataClasses");
        classes.forEach(c::add);
        payload.put("validFrom", TestDates.today().minusMonths(1).toString()).put("validUntil", TestDates.today().plusYears(10).toString());
        return consent;
    }

    /** Registers a consent and returns its id. */
    private String consent(String agency, String localId, List<String> grantees, List<String> classes) {
        ObjectNode consent = grant(agency, localId, grantees, classes);
        assertThat(send(agency, consent).at("/payload/outcome").asText()).isEqualTo("delivered");
        return Messages.payload(consent).get("consentId").asText();
    }

    private static ObjectNode referralUnder(String from, String to, String consentId, String localId) {
        ObjectNode referral = Messages.referral(from, to);
        referral.putObject("subject").put("localId", localId);
        referral.putObject("legalBasis").put("kind", "consent").put("consentId", consentId);
        return referral;
    }

    private JsonNode send(String sender, ObjectNode message) {
        try (AgencyClient client = agency(sender)) {
            client.send(Messages.text(message));
            JsonNode report = client.receiveReport(message.get("messageId").asText(), WAIT);
            assertThat(report).as("delivery report").isNotNull();
            return report;
        }
    }

    private JsonNode receive(String recipient, ObjectNode message) {
        JsonNode copy = receiveOrNull(recipient, message);
        assertThat(copy).as(recipient + " receives " + message.get("messageId").asText()).isNotNull();
        return copy;
    }

    private JsonNode receiveOrNull(String recipient, ObjectNode message) {
        try (AgencyClient client = agency(recipient)) {
            return client.receiveMessage(message.get("messageId").asText(), NOTHING.multipliedBy(5));
        }
    }

    private static void assertRejected(JsonNode report, String code) {
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("rejected");
        assertThat(report.at("/payload/reasons")).extracting(r -> r.path("code").asText()).contains(code);
    }

    private static List<String> redactions(JsonNode report) {
        List<String> list = new ArrayList<>();
        report.at("/payload/redactions").forEach(r -> list.add(r.path("recipient").asText() + "/" + r.path("dataClass").asText()
                + "/" + r.path("path").asText()));
        return list;
    }
}
