package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.message.MyNumberDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generated messages and consent states thrown at the running hub (seeded, so a failure can be
 * replayed: set -Dpolicy.seed=N), then the invariants checked against the test's own model of what it
 * registered: nothing special-care reaches a recipient without a consent naming it or membership of
 * the 支援会議; no confidential address reaches a recipient not allowed; no 個人番号 appears in any
 * copy, report, stored row or log line; every delivered copy has exactly one ledger entry.
 */
@ExtendWith(OutputCaptureExtension.class)
class PolicyInvariantsTest extends HubTestSupport {

    static final List<String> AGENCIES = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai",
            "omuta-kodomo", "omuta-takikan");
    static final List<String> SENDERS = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu");
    static final List<String> CLASSES = List.of("identity", "contact", "household", "summary", "health", "disability",
            "criminal", "victim", "child-protection", "finance");
    static final Set<String> SPECIAL = PolicyProperties.SPECIAL_CARE;
    static final String[] MY_NUMBERS = {"123456789018", "１２３４５６７８９０１８", "1234 5678 9018", "1234-5678-9018"};

    record Subject(String localId, String sender, String consentId, Set<String> grantees, Set<String> classes, String state) {
        boolean covers(String recipient, String dataClass) {
            return "active".equals(state) && grantees.contains(recipient) && classes.contains(dataClass);
        }
    }

    record Sent(ObjectNode message, String basis, Subject subject, Set<String> meetingMembers) {
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DisclosureLedger ledger;

    @Autowired
    jp.jusou.hub.delivery.Quarantine quarantine;

    @Test
    void invariantsHoldForGeneratedMessagesAndConsents(CapturedOutput output) throws Exception {
        long seed = Long.getLong("policy.seed", 20261122L);
        Random random = new Random(seed);

        // consent states
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String sender = SENDERS.get(random.nextInt(SENDERS.size()));
            Set<String> grantees = subset(random, AGENCIES, 1);
            Set<String> classes = subset(random, CLASSES, 1);
            String state = List.of("active", "active", "revoked", "expired", "none").get(random.nextInt(5));
            Subject subject = new Subject("H-P-" + i, sender, "CN-P-" + seed + "-" + i, grantees, classes, state);
            if (!"none".equals(state)) {
                ObjectNode grant = Messages.example("consent/grant-written.json");
                grant.put("sender", sender);
                grant.putObject("subject").put("localId", subject.localId());
                ObjectNode payload = Messages.payload(grant);
                payload.put("consentId", subject.consentId());
                ArrayNode g = payload.putArray("grantees");
                grantees.forEach(g::add);
                ArrayNode c = payload.putArray("dataClasses");
                classes.forEach(c::add);
                LocalDate today = TestDates.today();
                payload.put("validFrom", ("expired".equals(state) ? today.minusYears(1) : today.minusMonths(1)).toString());
                payload.put("validUntil", ("expired".equals(state) ? today.minusDays(1) : today.plusYears(10)).toString());
                assertThat(sendAndReport(sender, grant).at("/payload/outcome").asText()).isEqualTo("delivered");
                if ("revoked".equals(state)) {
                    ObjectNode revoke = Messages.example("consent/revoke.json");
                    revoke.put("sender", sender);
                    revoke.putObject("subject").put("localId", subject.localId());
                    Messages.payload(revoke).put("consentId", subject.consentId());
                    assertThat(sendAndReport(sender, revoke).at("/payload/outcome").asText()).isEqualTo("delivered");
                }
            }
            subjects.add(subject);
        }
        // meetings
        List<String> meetingIds = new ArrayList<>();
        Map<String, Set<String>> meetings = new HashMap<>();
        for (int m = 0; m < 3; m++) {
            String id = "MT-P-" + seed + "-" + m;
            Set<String> members = subset(random, AGENCIES, 2);
            StringBuilder list = new StringBuilder();
            members.forEach(a -> list.append(list.length() == 0 ? "" : ",").append('"').append(a).append('"'));
            assertThat(http("omuta-takikan").post("/api/v1/meetings", "{\"meetingId\": \"" + id + "\", \"members\": [" + list + "]}")
                    .statusCode()).isIn(200, 201);
            members.add("omuta-takikan");
            meetings.put(id, members);
            meetingIds.add(id);
        }

        // generated messages
        Map<String, Sent> sent = new HashMap<>();
        for (int n = 0; n < 120; n++) {
            int kind = random.nextInt(3);
            ObjectNode message;
            Sent record;
            if (kind == 0) { // referral under a consent
                Subject s = subjects.get(random.nextInt(subjects.size()));
                message = Messages.referral(s.sender(), AGENCIES.get(random.nextInt(AGENCIES.size())));
                message.putObject("subject").put("localId", s.localId());
                message.putObject("legalBasis").put("kind", "consent").put("consentId", s.consentId());
                addSpecialSections(random, message);
                record = new Sent(message, "consent", s, Set.of());
            } else if (kind == 1) { // outreach notice in a 支援会議
                String meetingId = meetingIds.get(random.nextInt(meetingIds.size()));
                String sender = SENDERS.get(random.nextInt(SENDERS.size()));
                message = Messages.example("outreach-notice/minsei-iin.json");
                message.put("sender", sender);
                message.putObject("legalBasis").put("kind", "shien-kaigi").put("meetingId", meetingId);
                Messages.payload(message).put("meetingId", meetingId);
                ArrayNode to = Messages.payload(message).putArray("to");
                subset(random, AGENCIES, 1).forEach(to::add);
                record = new Sent(message, "shien-kaigi", null, meetings.get(meetingId));
            } else { // vital interest
                String sender = SENDERS.get(random.nextInt(SENDERS.size()));
                message = Messages.referral(sender, AGENCIES.get(random.nextInt(AGENCIES.size())));
                message.putObject("legalBasis").put("kind", "vital-interest").put("justification", random.nextBoolean()
                        ? "緊急"
                        : "本人が倒れているとの通報があり応答がなく家族とも連絡が取れない。生命の危険があり同意を得られる状況にないため必要な範囲で提供する。");
                addSpecialSections(random, message);
                record = new Sent(message, "vital-interest", null, Set.of());
            }
            ObjectNode person = Messages.payload(message).with("person");
            if (random.nextInt(3) == 0) {
                person.put("address", "福岡県大牟田市秘匿町" + n + "番地");
                person.put("addressConfidential", true);
                ArrayNode allowed = person.putArray("addressAllowedTo");
                subset(random, AGENCIES, 0).forEach(allowed::add);
                if (random.nextInt(3) == 0) {
                    String field = message.path("type").asText().equals("outreach-notice") ? "observations" : "summary";
                    Messages.payload(message).put(field, "現住所は" + person.get("address").asText() + "です。");
                }
            }
            if (random.nextInt(8) == 0) {
                String field = message.path("type").asText().equals("outreach-notice") ? "observations" : "summary";
                Messages.payload(message).put(field, "番号は" + MY_NUMBERS[random.nextInt(MY_NUMBERS.length)] + "です。");
            }
            sent.put(message.get("messageId").asText(), record);
        }
        Map<String, JsonNode> reports = new HashMap<>();
        Map<String, List<String>> bySender = new HashMap<>();
        sent.forEach((id, s) -> bySender.computeIfAbsent(s.message().get("sender").asText(), k -> new ArrayList<>()).add(id));
        Map<String, AgencyClient> clients = new HashMap<>();
        Map<String, Map<String, JsonNode>> copies = new HashMap<>(); // messageId -> recipient -> copy
        try {
            AGENCIES.forEach(a -> clients.put(a, agency(a)));
            for (var entry : bySender.entrySet()) {
                AgencyClient client = clients.get(entry.getKey());
                entry.getValue().forEach(id -> client.send(Messages.text(sent.get(id).message())));
                for (String id : entry.getValue()) {
                    JsonNode report = client.receiveReport(id, Duration.ofSeconds(30));
                    assertThat(report).as("report for " + id).isNotNull();
                    reports.put(id, report);
                }
            }
            // every copy every agency received (also those that arrived while a sender waited for its reports)
            for (String agency : AGENCIES) {
                for (JsonNode m : clients.get(agency).drain(Duration.ofMillis(1500))) {
                    String id = m.path("messageId").asText();
                    if (sent.containsKey(id)) {
                        assertThat(copies.computeIfAbsent(id, k -> new HashMap<>()).put(agency, m)).as("one copy each").isNull();
                    }
                }
            }
        } finally {
            clients.values().forEach(AgencyClient::close);
        }

        int delivered = 0;
        for (var e : sent.entrySet()) {
            String id = e.getKey();
            Sent s = e.getValue();
            Map<String, JsonNode> received = copies.getOrDefault(id, Map.of());
            delivered += received.size();
            JsonNode person = s.message().at("/payload/person");
            Set<String> addressAllowed = new HashSet<>();
            person.path("addressAllowedTo").forEach(a -> addressAllowed.add(a.asText()));
            for (var r : received.entrySet()) {
                String recipient = r.getKey();
                JsonNode copy = r.getValue();
                for (JsonNode section : copy.at("/payload/sensitive")) {
                    String dataClass = section.path("dataClass").asText();
                    if (SPECIAL.contains(dataClass)) {
                        boolean lawful = ("consent".equals(s.basis()) && s.subject().covers(recipient, dataClass))
                                || ("shien-kaigi".equals(s.basis()) && s.meetingMembers().contains(recipient));
                        assertThat(lawful).as("%s (%s) reached %s under %s", dataClass, id, recipient, s.basis()).isTrue();
                    }
                }
                if (person.path("addressConfidential").asBoolean() && !addressAllowed.contains(recipient)) {
                    assertThat(Messages.text(copy)).as("confidential address to " + recipient).doesNotContain(person.get("address").asText());
                }
                if ("consent".equals(s.basis())) {
                    assertThat("active".equals(s.subject().state()) && s.subject().grantees().contains(recipient))
                            .as("a consent that does not cover %s delivered %s", recipient, id).isTrue();
                }
                if ("shien-kaigi".equals(s.basis())) {
                    assertThat(s.meetingMembers()).contains(recipient, s.message().get("sender").asText());
                }
                assertNoMyNumber(Messages.text(copy));
            }
            assertNoMyNumber(Messages.text(reports.get(id)));
            List<DisclosureLedger.Entry> entries = ledger.forMessage(s.message().get("sender").asText(), id);
            assertThat(entries).extracting(DisclosureLedger.Entry::recipient).as("one ledger entry per delivered copy of " + id)
                    .containsExactlyInAnyOrderElementsOf(received.keySet());
        }
        assertThat(delivered).as("the generator exercised deliveries").isGreaterThan(30);
        assertThat(reports.values()).as("and rejections").anyMatch(r -> "rejected".equals(r.at("/payload/outcome").asText()));
        for (String id : jdbc.queryForList("SELECT quarantine_id FROM quarantine", String.class)) {
            assertNoMyNumber(quarantine.maskedBody(id).orElse("")); // stored sealed: the check is on the opened copy
        }
        for (String stored : jdbc.queryForList("SELECT report_json FROM message_outcome", String.class)) {
            assertNoMyNumber(stored);
        }
        assertNoMyNumber(output.getAll());
        assertThat(ledger.verify().intact()).isTrue();
    }

    private static void assertNoMyNumber(String text) {
        assertThat(MyNumberDetector.contains(text)).as("個人番号 in: " + abbreviate(text)).isFalse();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void addSpecialSections(Random random, ObjectNode message) {
        ArrayNode sensitive = Messages.payload(message).putArray("sensitive");
        for (String dataClass : List.of("health", "disability", "criminal", "victim", "child-protection", "finance")) {
            if (random.nextBoolean()) {
                sensitive.addObject().put("dataClass", dataClass).put("text", dataClass + "に関する記載（生成）");
            }
        }
    }

    private static Set<String> subset(Random random, List<String> from, int min) {
        Set<String> chosen = new HashSet<>();
        for (String item : from) {
            if (random.nextBoolean()) {
                chosen.add(item);
            }
        }
        while (chosen.size() < min) {
            chosen.add(from.get(random.nextInt(from.size())));
        }
        return chosen;
    }

    private JsonNode sendAndReport(String sender, ObjectNode message) {
        try (AgencyClient client = agency(sender)) {
            client.send(Messages.text(message));
            return client.receiveReport(message.get("messageId").asText(), Duration.ofSeconds(10));
        }
    }
}
