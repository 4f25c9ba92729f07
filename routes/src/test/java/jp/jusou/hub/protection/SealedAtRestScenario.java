package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.delivery.Quarantine;
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
