package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.delivery.Inbox;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.platform.Sealing;
import jp.jusou.hub.policy.DisclosureLedger;
import jp.jusou.hub.policy.Consents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores a body with a unique marker in every place the hub keeps one (an inbox row of a delivered
 * referral, the quarantined copy of a rejected one, a case snapshot, consent evidence) and then looks
 * for the marker in every text column of every table: it must be nowhere, while the hub itself still
 * reads each of them back. The H2 and PostgreSQL tests add a look at the database's own storage.
 */
abstract class SealedAtRestScenario extends HubTestSupport {

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    Quarantine quarantine;
    @Autowired
    Consents consents;
    @Autowired
    Cases cases;
    @Autowired
    Sealing sealing;
    @Autowired
    DisclosureLedger ledger;

    protected final String marker = "MARK" + UUID.randomUUID().toString().replace("-", "").toUpperCase();

    /** Sends the four bodies with the marker; returns the hubSubjectId they are about. */
    protected String storeMarkedBodies() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        Messages.payload(referral).put("summary", "要約 " + marker);
        JsonNode report = assertDelivered(referral);
        String subject = report.at("/payload/hubSubjectId").asText();
        assertThat(subject).startsWith("S-");
        // the pull moves the copy into the inbox table (not acknowledged: it stays there), and reads it back
        Messages.payload(referral).put("to", "omuta-shogai");
        Messages.payload(referral).put("referralId", "R-" + UUID.randomUUID());
        referral.put("messageId", UUID.randomUUID().toString());
        assertThat(sendForReport(referral).at("/payload/outcome").asText()).isEqualTo("delivered");
        JsonNode pulled = http("omuta-shogai").pullUntil(referral.get("messageId").asText());
        assertThat(pulled.at("/payload/summary").asText()).contains(marker);

        ObjectNode rejected = Messages.referral("omuta-houkatsu-1", "kurume-houkatsu-1");
        Messages.payload(rejected).put("summary", "要約 " + marker);
        assertRejected(rejected, "OTHER_MUNICIPALITY");
        String quarantineId = jdbc.queryForObject("SELECT quarantine_id FROM quarantine WHERE message_id = ?", String.class,
                rejected.get("messageId").asText());
        assertThat(quarantine.maskedBody(quarantineId)).hasValueSatisfying(body -> assertThat(body).contains(marker));

        String caseId = "C-" + UUID.randomUUID();
        ObjectNode update = Messages.caseUpdate(caseId, 1, "omuta-houkatsu-1");
        Messages.payload(update).put("summary", "会議 " + marker);
        assertDelivered(update);
        assertThat(cases.find(update.get("municipality").asText(), caseId).orElseThrow().lastUpdateJson()).contains(marker);

        ObjectNode consent = Messages.testConsent("omuta-jiritsu");
        consent.put("messageId", UUID.randomUUID().toString());
        String consentId = "CN-M-" + UUID.randomUUID();
        Messages.payload(consent).put("consentId", consentId);
        ((ObjectNode) Messages.payload(consent).get("evidence")).put("capturedBy", "森山 " + marker);
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            jiritsu.send(Messages.text(consent));
            assertThat(jiritsu.receiveReport(consent.get("messageId").asText(), java.time.Duration.ofSeconds(10))
                    .at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        assertThat(consents.evidence(consentId).orElseThrow().capturedBy()).contains(marker);
        return subject;
    }

    /**
     * A subject's consent (evidence with a marker), a delivered referral pulled into an inbox and a
     * rejected one are stored; an auditor erases the subject. Its bodies, evidence and local ids are
     * gone, a sealed value copied before the erasure no longer opens (the data key is destroyed), and
     * the ledger still says who received what, with the erasure recorded after it.
     */
    protected void erasesASubject() throws Exception {
        String localId = "E-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode consent = Messages.testConsent("omuta-houkatsu-1");
        consent.put("messageId", UUID.randomUUID().toString());
        consent.putObject("subject").put("localId", localId);
        String consentId = "CN-E-" + UUID.randomUUID();
        Messages.payload(consent).put("consentId", consentId);
        ((ObjectNode) Messages.payload(consent).get("evidence")).put("capturedBy", "森山 " + marker);
        assertThat(sendForReport(consent).at("/payload/outcome").asText()).isEqualTo("delivered");

        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-shogai");
        referral.putObject("subject").put("localId", localId);
        ((ObjectNode) referral.get("legalBasis")).put("consentId", consentId);
        JsonNode report = sendForReport(referral);
        assertThat(report.at("/payload/outcome").asText()).as(report.toString()).isEqualTo("delivered");
        String subject = report.at("/payload/hubSubjectId").asText();
        http("omuta-shogai").pullUntil(referral.get("messageId").asText());
        String[] inboxRow = jdbc.queryForObject("SELECT agency, sender, message_id, envelope_json FROM inbox_message WHERE hub_subject_id = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, subject);
        assertThat(sealing.open(Inbox.ENVELOPE, Inbox.rowKey(inboxRow[0], inboxRow[1], inboxRow[2]), inboxRow[3])).contains("omuta-shogai");

        var answer = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "auditor", "demo-auditor")
                .post("/api/v1/subjects/" + subject + "/erasure", "");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode summary = Messages.JSON.readTree(answer.body());
        assertThat(summary.at("/removed/inboxMessages").asInt()).isEqualTo(1);
        assertThat(summary.at("/removed/consentEvidence").asInt()).isEqualTo(1);
        assertThat(summary.at("/removed/localIdMappings").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(summary.at("/dataKeyDestroyed").asBoolean()).isTrue();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_message WHERE hub_subject_id = ?", Integer.class, subject)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subject_identity WHERE hub_subject_id = ?", Integer.class, subject)).isZero();
        assertThat(consents.evidence(consentId).orElseThrow()).isEqualTo(new Consents.Evidence(null, null));
        // a backup taken before the erasure holds the sealed row: without the subject's data key it does not open
        assertThatThrownBy(() -> sealing.open(Inbox.ENVELOPE, Inbox.rowKey(inboxRow[0], inboxRow[1], inboxRow[2]), inboxRow[3]))
                .isInstanceOf(Sealing.Unreadable.class);

        List<DisclosureLedger.Entry> entries = ledger.forSubject(subject);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("disclosed");
            assertThat(e.recipient()).isEqualTo("omuta-shogai");
            assertThat(e.legalBasis()).isEqualTo("consent");
            assertThat(e.basisRef()).isEqualTo(consentId);
        });
        DisclosureLedger.Entry last = entries.get(entries.size() - 1);
        assertThat(last.kind()).isEqualTo("erased");
        assertThat(last.basisRef()).isEqualTo("auditor");
        assertThat(last.messageId()).isEqualTo(summary.path("erasureId").asText());
        assertThat(ledger.verify().intact()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'subject-erasure' AND target = ?", Integer.class,
                subject)).isEqualTo(1);

        var unknown = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "auditor", "demo-auditor")
                .post("/api/v1/subjects/S-2222-2222/erasure", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Messages.JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("UNKNOWN_SUBJECT");
        assertThat(Messages.JSON.readTree(unknown.body()).path("title_ja").asText()).isNotBlank();
        var operator = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator")
                .post("/api/v1/subjects/" + subject + "/erasure", "");
        assertThat(operator.statusCode()).isEqualTo(403);
    }

    /** Every table and text column that holds the marker ({@code table.column}); empty is the goal. */
    protected List<String> columnsHolding(String text) {
        List<String> found = new ArrayList<>();
        List<String[]> columns = jdbc.query("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND data_type IN ('character varying', 'text', 'CHARACTER VARYING',"
                        + " 'CHARACTER LARGE OBJECT', 'character')",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        assertThat(columns).as("text columns").hasSizeGreaterThan(20);
        for (String[] c : columns) {
            Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + c[0] + " WHERE " + c[1] + " LIKE ?", Integer.class, "%" + text + "%");
            if (n != null && n > 0) {
                found.add(c[0] + "." + c[1]);
            }
        }
        return found;
    }
}
