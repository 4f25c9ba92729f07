package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every delivered copy is in the disclosure ledger; an auditor (and only an auditor) can answer who
 * received what about a person, when and why, as JSON or CSV; tampering with any row is detected.
 */
class DisclosureLedgerTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DisclosureLedger ledger;

    HttpAgency auditor() {
        return new HttpAgency("http://127.0.0.1:" + httpPort, "auditor", "demo-auditor");
    }

    private String subject;
    private String updateSubject;

    @Test
    void eachDeliveredCopyIsRecordedOnceAndAnAuditorCanAskAboutThePerson() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-2", "omuta-takikan");
        ObjectNode rejected = Messages.referral("omuta-houkatsu-2", "kurume-houkatsu-1");
        ObjectNode update = Messages.caseUpdate("C-LEDGER-1", 1, "omuta-jiritsu", "omuta-shogai");
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            houkatsu.send(Messages.text(rejected));
            takikan.send(Messages.text(update), "case:C-LEDGER-1");
            JsonNode delivered = houkatsu.receiveReport(referral.get("messageId").asText(), WAIT);
            assertThat(delivered.at("/payload/outcome").asText()).isEqualTo("delivered");
            subject = delivered.at("/payload/hubSubjectId").asText();
            assertThat(subject).as("the hub's pseudonymous id for the person, in the report").startsWith("S-");
            assertThat(houkatsu.receiveReport(rejected.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("rejected");
            JsonNode updateReport = takikan.receiveReport(update.get("messageId").asText(), WAIT);
            assertThat(updateReport.at("/payload/outcome").asText()).isEqualTo("delivered");
            updateSubject = updateReport.at("/payload/hubSubjectId").asText();
        }

        HttpResponse<String> response = auditor().get("/api/v1/disclosures?subject=" + subject);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> entries = new java.util.ArrayList<>();
        Messages.JSON.readTree(response.body()).forEach(e -> {
            if (e.path("messageId").asText().equals(referral.get("messageId").asText())
                    || e.path("messageId").asText().equals(rejected.get("messageId").asText())) {
                entries.add(e);
            }
        });
        assertThat(entries).hasSize(1); // the rejected referral disclosed nothing
        JsonNode entry = entries.get(0);
        assertThat(entry.path("recipient").asText()).isEqualTo("omuta-takikan");
        assertThat(entry.path("kind").asText()).isEqualTo("disclosed");
        assertThat(entry.path("messageId").asText()).isEqualTo(referral.get("messageId").asText());
        assertThat(entry.path("legalBasis").asText()).isEqualTo("consent");
        assertThat(entry.path("basisRef").asText()).isEqualTo("CN-T-omuta-houkatsu-2");
        assertThat(entry.path("dataClasses").asText().split(","))
                .contains("identity", "contact", "household", "summary", "health", "finance");

        List<DisclosureLedger.Entry> team = ledger.forSubject(updateSubject).stream()
                .filter(e -> e.messageId().equals(update.get("messageId").asText())).toList();
        assertThat(team).extracting(DisclosureLedger.Entry::recipient).containsExactlyInAnyOrder("omuta-jiritsu", "omuta-shogai");
        assertThat(team).allMatch(e -> "C-LEDGER-1".equals(e.caseId()));

        HttpResponse<String> csv = auditor().get("/api/v1/disclosures?subject=" + subject + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).startsWith("\uFEFF").contains("提供先 recipient");
        assertThat(lines).anyMatch(l -> l.contains(referral.get("messageId").asText()) && l.contains("omuta-takikan")
                && l.contains("consent") && l.contains("CN-T-omuta-houkatsu-2"));
    }

    @Test
    void onlyAuditorsSeeTheLedger() {
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator")
                .get("/api/v1/disclosures?subject=x").statusCode()).isEqualTo(403);
        assertThat(http("omuta-takikan").get("/api/v1/disclosures?subject=x").statusCode()).isEqualTo(403);
        assertThat(http("omuta-takikan").get("/api/v1/disclosures/verify").statusCode()).isEqualTo(403);
        assertThat(auditor().get("/api/v1/disclosures?subject=x").statusCode()).isEqualTo(200);
    }

    @Autowired
    LedgerSealer sealer;

    private void insert(java.util.Map<String, Object> row, long seq, String mac) {
        jdbc.update("INSERT INTO disclosure (seq, kind, recorded_at, message_id, sender, message_type, subject_ref, case_id, recipient,"
                + " data_classes, redacted_classes, legal_basis, basis_ref, review_required, key_id, mac)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, row.get("kind"), row.get("recorded_at"), row.get("message_id"), row.get("sender"),
                row.get("message_type"), row.get("subject_ref"), row.get("case_id"), row.get("recipient"), row.get("data_classes"),
                row.get("redacted_classes"), row.get("legal_basis"), row.get("basis_ref"), row.get("review_required"),
                row.get("key_id"), mac);
    }

    @Test
    void tamperingWithOneRowIsDetected() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-2", "omuta-takikan");
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT)).isNotNull();
        }
        JsonNode intact = Messages.JSON.readTree(auditor().get("/api/v1/disclosures/verify").body());
        assertThat(intact.path("intact").asBoolean()).isTrue();
        assertThat(intact.path("entries").asLong()).isPositive();

        long seq = ledger.forMessage("omuta-houkatsu-2", referral.get("messageId").asText()).get(0).seq();
        jdbc.update("UPDATE disclosure SET recipient = 'omuta-kodomo' WHERE seq = ?", seq);
        try {
            JsonNode broken = Messages.JSON.readTree(auditor().get("/api/v1/disclosures/verify").body());
            assertThat(broken.path("intact").asBoolean()).isFalse();
            assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(seq);
            assertThat(broken.path("problem").asText()).contains("MAC");
        } finally {
            jdbc.update("UPDATE disclosure SET recipient = 'omuta-takikan' WHERE seq = ?", seq);
        }
        assertThat(ledger.verify().intact()).isTrue();

        // a database writer cannot recompute the MAC: a forged entry (no key) is named
        var row = jdbc.queryForMap("SELECT * FROM disclosure WHERE seq = ?", seq);
        long forged = jdbc.queryForObject("SELECT nextval('disclosure_seq')", Long.class);
        insert(row, forged, "0".repeat(64));
        try {
            DisclosureLedger.Verification v = ledger.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(forged);
        } finally {
            jdbc.update("DELETE FROM disclosure WHERE seq = ?", forged);
        }
        assertThat(ledger.verify().intact()).isTrue();

        // once sealed, removing an entry is detected through its seal
        sealer.seal();
        jdbc.update("DELETE FROM disclosure WHERE seq = ?", seq);
        try {
            DisclosureLedger.Verification v = ledger.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(seq);
            assertThat(v.problem()).contains("missing");
        } finally {
            insert(row, seq, (String) row.get("mac"));
        }
        assertThat(ledger.verify().intact()).isTrue();
    }
}
