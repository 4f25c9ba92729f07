package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.intake.SchemaCatalog;
import jp.jusou.hub.message.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every rejection path of the spine, over the broker: the sender gets a delivery report with the
 * reason code, the JSON path and Japanese and English text; a masked copy is quarantined; the
 * intended recipient gets nothing; the per-reason counter moves.
 */
class RejectionPathsTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NOTHING = Duration.ofMillis(300);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    jp.jusou.hub.delivery.Quarantine quarantineStore;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    SchemaCatalog schemas;

    @Test
    void malformedJson() {
        JsonNode report = rejectRaw("omuta-houkatsu-1", "{\"messageId\": \"m-1\", \"type\": ", "MALFORMED_JSON");
        assertThat(report.at("/payload/inReplyTo").isNull()).isTrue();
        assertThat(report.at("/payload/reasons/0/message/en").asText()).contains("line 1");
    }

    @Test
    void duplicateKeysAreMalformed() {
        rejectRaw("omuta-houkatsu-1", "{\"messageId\": \"dup-keys-1\", \"sender\": \"a\", \"sender\": \"b\"}", "MALFORMED_JSON");
    }

    @Test
    void schemaViolationNamesThePathAndNeverEchoesTheValue() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        Messages.payload(referral).remove("person");
        Messages.payload(referral).put("urgency", "古賀ミチ子さん至急");
        JsonNode report = reject("omuta-houkatsu-1", referral, "SCHEMA_VIOLATION", "omuta-takikan");
        List<String> paths = paths(report);
        assertThat(paths).contains("$.payload.person", "$.payload.urgency");
        assertThat(Messages.text(report)).doesNotContain("古賀");
        assertThat(report.at("/payload/reasons/0/message/ja").asText()).startsWith("スキーマに適合しません");
    }

    /**
     * An empty vital-interest justification is one fault: the report names it once, in Japanese, at its
     * path; not the other legal bases' rules nor envelope fields "not evaluated" (once 14 reasons).
     */
    @Test
    void emptyJustificationIsOneReasonAtItsPath() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        referral.putObject("legalBasis").put("kind", "vital-interest").put("justification", "");
        JsonNode report = reject("omuta-houkatsu-1", referral, "SCHEMA_VIOLATION", "omuta-takikan");
        assertThat(paths(report)).containsExactly("$.legalBasis.justification");
        assertThat(report.at("/payload/reasons/0/message/ja").asText())
                .startsWith("スキーマに適合しません。").contains("「生命・身体・財産の保護が必要な理由」は1文字以上");
        assertThat(report.at("/payload/reasons/0/message/en").asText()).contains("justification must be at least 1 characters");
    }

    @Test
    void unknownAndHubOnlyTypes() {
        ObjectNode unknown = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        unknown.put("type", "referral-v2");
        assertThat(paths(reject("omuta-houkatsu-1", unknown, "UNKNOWN_TYPE", "omuta-takikan"))).containsExactly("$.type");

        ObjectNode report = Messages.example("delivery-report/delivered-with-redaction.json");
        report.put("sender", "omuta-houkatsu-1");
        reject("omuta-houkatsu-1", report, "UNKNOWN_TYPE", null);
    }

    @Test
    void spoofedSender() {
        ObjectNode referral = Messages.referral("omuta-jiritsu", "omuta-takikan");
        JsonNode report = reject("omuta-houkatsu-1", referral, "SENDER_MISMATCH", "omuta-takikan");
        assertThat(paths(report)).containsExactly("$.sender");
    }

    @Test
    void unknownRecipientAgency() {
        reject("omuta-houkatsu-1", Messages.referral("omuta-houkatsu-1", "omuta-nowhere"), "UNKNOWN_AGENCY", null);
    }

    @Test
    void municipalityBoundary() {
        reject("omuta-houkatsu-1", Messages.referral("omuta-houkatsu-1", "kurume-houkatsu-1"), "OTHER_MUNICIPALITY", "kurume-houkatsu-1");
        ObjectNode claimsKurume = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        claimsKurume.put("municipality", "402036");
        assertThat(paths(reject("omuta-houkatsu-1", claimsKurume, "OTHER_MUNICIPALITY", "omuta-takikan"))).containsExactly("$.municipality");
    }

    @Test
    void duplicateIsReportedAndDeliveredOnlyOnce() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(id, WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
            houkatsu.send(Messages.text(referral));
            JsonNode second = houkatsu.receiveReport(id, WAIT);
            assertThat(second.at("/payload/reasons/0/code").asText()).isEqualTo("DUPLICATE");
            assertThat(second.at("/payload/originalOutcome").asText()).isEqualTo("delivered");
            assertThat(takikan.receiveMessage(id, WAIT)).isNotNull();
            assertThat(takikan.receiveMessage(id, Duration.ofSeconds(1))).as("delivered once").isNull();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE message_id = ?", Integer.class, id))
                .as("a duplicate is not quarantined").isZero();
    }

    @Test
    void myNumberInFullWidthSpacedDigitsIsRejectedAndNeverStored() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        Messages.payload(referral).put("summary", "本人の個人番号は１２３４ ５６７８ ９０１８です。");
        ((ObjectNode) Messages.payload(referral).get("household").get(0)).put("note", "長男の番号 1234-5678-9018");
        JsonNode report = reject("omuta-houkatsu-1", referral, "MY_NUMBER_DETECTED", "omuta-takikan");
        assertThat(paths(report)).containsExactlyInAnyOrder("$.payload.summary", "$.payload.household[0].note");
        String id = jdbc.queryForObject("SELECT quarantine_id FROM quarantine WHERE message_id = ?", String.class,
                referral.get("messageId").asText());
        // stored sealed (encryption at rest); opened, the copy is the masked one
        String stored = quarantineStore.maskedBody(id).orElseThrow();
        assertThat(stored).doesNotContain("１２３４ ５６７８ ９０１８", "1234-5678-9018", "５６７８", "5678-9018")
                .contains("**** **** ****", "****-****-****");
        assertThat(jdbc.queryForList("SELECT report_json FROM message_outcome", String.class))
                .noneMatch(r -> r.contains("5678-9018") || r.contains("５６７８"));
    }

    @Test
    void tooLarge() {
        String big = "{\"messageId\": \"big-1\", \"pad\": \"" + "あ".repeat(100_000) + "\"}";
        rejectRaw("omuta-houkatsu-1", big, "TOO_LARGE");
        Map<String, Object> kept = jdbc.queryForMap("SELECT body_masked, body_bytes FROM quarantine WHERE sender = ?"
                + " AND reason_codes = 'TOO_LARGE' ORDER BY quarantined_at DESC LIMIT 1", "omuta-houkatsu-1");
        assertThat((String) kept.get("body_masked")).as("quarantined as metadata only").isNullOrEmpty();
        assertThat(((Number) kept.get("body_bytes")).longValue()).isEqualTo(300_000L + 33);
    }

    /**
     * Far over the limit, a message never reaches the hub: the broker refuses the send at once, with
     * the reason; the sender's next message goes through as usual.
     */
    @Test
    void farTooLargeIsRefusedByTheBroker() {
        String huge = "{\"messageId\": \"huge-1\", \"pad\": \"" + "a".repeat(2_000_000) + "\"}";
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            assertThatThrownBy(() -> houkatsu.send(huge)).hasStackTraceContaining("TOO_LARGE");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE message_id = 'huge-1'", Integer.class)).isZero();
        ObjectNode next = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        assertThat(sendForReport(next).at("/payload/outcome").asText()).isEqualTo("delivered");
    }

    /**
     * An id over its length on the broker path is a rejection with a report, like any schema fault:
     * a 129-character messageId used to fail the outcome's insert and loop through the dead-letter
     * queue without a word to its sender. The report and the records name its first 128 characters.
     */
    @Test
    void overlongIdsAreReportedNotDeadLettered() {
        ObjectNode longId = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = "L" + "x".repeat(128);
        longId.put("messageId", id);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            houkatsu.send(Messages.text(longId));
            JsonNode report = houkatsu.receiveReport(id.substring(0, 128), WAIT);
            assertThat(report).as("a report for the 129-character messageId").isNotNull();
            assertRejectedWith(report, "SCHEMA_VIOLATION");
            assertThat(paths(report)).contains("$.messageId");
        }
        assertThat(jdbc.queryForObject("SELECT outcome FROM message_outcome WHERE message_id = ?", String.class, id.substring(0, 128)))
                .isEqualTo("rejected");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE kind = 'dead-letter' AND message_id = ?", Integer.class,
                id.substring(0, 128))).as("not dead-lettered").isZero();

        for (String field : new String[] {"caseId", "referralId", "localId", "consentId"}) {
            ObjectNode message = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
            String overlong = "L" + "y".repeat(field.equals("caseId") || field.equals("localId") ? 64 : 128);
            String path = switch (field) {
                case "caseId" -> { message.put("caseId", overlong); yield "$.caseId"; }
                case "referralId" -> { Messages.payload(message).put("referralId", overlong); yield "$.payload.referralId"; }
                case "localId" -> { ((ObjectNode) message.get("subject")).put("localId", overlong); yield "$.subject.localId"; }
                default -> { ((ObjectNode) message.get("legalBasis")).put("consentId", overlong); yield "$.legalBasis.consentId"; }
            };
            assertThat(paths(reject("omuta-houkatsu-1", message, "SCHEMA_VIOLATION", "omuta-takikan"))).as(field).contains(path);
        }
    }

    @Test
    void notUtf8() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        byte[] shiftJis = Messages.text(referral).getBytes(Charset.forName("windows-31j"));
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            houkatsu.sendBytes(shiftJis);
            JsonNode report = houkatsu.receiveWhere(r -> "BAD_ENCODING".equals(r.at("/payload/reasons/0/code").asText()), WAIT);
            assertThat(report).isNotNull();
        }
    }

    @Test
    void referralStatusGoesToTheOtherPartyOnly() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String referralId = Messages.payload(referral).get("referralId").asText();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");

            ObjectNode accepted = Messages.referralStatus("omuta-takikan", referralId);
            takikan.send(Messages.text(accepted));
            assertThat(houkatsu.receiveMessage(accepted.get("messageId").asText(), WAIT)).isEqualTo(accepted);

            ObjectNode stranger = Messages.referralStatus("omuta-jiritsu", referralId);
            assertThat(paths(reject("omuta-jiritsu", stranger, "NOT_REFERRAL_PARTY", "omuta-houkatsu-1")))
                    .containsExactly("$.payload.referralId");

            ObjectNode unknown = Messages.referralStatus("omuta-takikan", "R-never-sent");
            reject("omuta-takikan", unknown, "UNKNOWN_REFERRAL", "omuta-houkatsu-1");
        }
    }

    @Test
    void outreachNoticeWithoutRecipients() {
        ObjectNode notice = Messages.example("outreach-notice/minsei-iin.json");
        Messages.payload(notice).remove("to");
        reject("omuta-houkatsu-2", notice, "NO_RECIPIENT", null);
    }

    // --- helpers

    private JsonNode reject(String sender, ObjectNode message, String code, String recipient) {
        double before = rejectedCount(sender, code);
        String id = message.get("messageId").asText();
        try (AgencyClient from = agency(sender)) {
            from.send(Messages.text(message));
            JsonNode report = from.receiveReport(id, WAIT);
            assertThat(report).as("a delivery report for " + code).isNotNull();
            assertRejectedWith(report, code);
            if (recipient != null) {
                try (AgencyClient to = agency(recipient)) {
                    assertThat(to.receiveMessage(id, NOTHING)).as("the recipient gets nothing").isNull();
                }
            }
            Map<String, Object> row = jdbc.queryForMap("SELECT kind, reason_codes, status FROM quarantine WHERE message_id = ? AND sender = ?", id, sender);
            assertThat(row.get("kind")).isEqualTo("rejected");
            assertThat((String) row.get("reason_codes")).contains(code);
            assertThat(row.get("status")).isEqualTo("quarantined");
            assertThat(rejectedCount(sender, code)).isEqualTo(before + 1);
            return report;
        }
    }

    private JsonNode rejectRaw(String sender, String body, String code) {
        try (AgencyClient from = agency(sender)) {
            from.send(body);
            JsonNode report = from.receiveWhere(r -> code.equals(r.at("/payload/reasons/0/code").asText()), WAIT);
            assertThat(report).as("a delivery report for " + code).isNotNull();
            assertRejectedWith(report, code);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE sender = ? AND reason_codes LIKE ?",
                    Integer.class, sender, "%" + code + "%")).isPositive();
            return report;
        }
    }

    private void assertRejectedWith(JsonNode report, String code) {
        assertThat(report.at("/payload/outcome").asText()).isEqualTo("rejected");
        JsonNode reason = report.at("/payload/reasons/0");
        assertThat(reason.path("code").asText()).isEqualTo(code);
        assertThat(reason.path("message").path("ja").asText()).isNotBlank();
        assertThat(reason.path("message").path("en").asText()).isNotBlank();
        assertThat(reason.has("path")).isTrue();
        assertThat(schemas.validate(MessageType.DELIVERY_REPORT, report)).isEmpty();
    }

    private static List<String> paths(JsonNode report) {
        List<String> paths = new java.util.ArrayList<>();
        report.at("/payload/reasons").forEach(r -> paths.add(r.path("path").asText()));
        return paths;
    }

    private double rejectedCount(String agency, String reason) {
        var counter = metrics.find("hub.messages.rejected").tag("agency", agency).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
