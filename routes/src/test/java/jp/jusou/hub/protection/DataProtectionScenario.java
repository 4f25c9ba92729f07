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
 * Then an erasure, and last (it moves the hub's clock on by years) the retention purge.
 */
@org.springframework.context.annotation.Import(StoppedClock.AsTheHubsClock.class)
@org.springframework.test.context.TestPropertySource(properties = {"hub.retention.lock-at-least-for=PT0S", "hub.retention.interval=PT1H"})
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
abstract class DataProtectionScenario extends HubTestSupport {

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
    @Autowired
    StoppedClock clock;
    @Autowired
    RetentionPurge purge;
    @Autowired
    jp.jusou.hub.connectors.ConnectorProperties connectors;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

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

    /**
     * Stores one of everything a retention period applies to, then moves the hub's clock on, store by
     * store: each is purged once its period is over, not before; the purge counts on its metric and in
     * the audit trail, and does not run while another instance holds its lock.
     */
    protected void purgesEachStoreWhenItsTimeIsUp() throws Exception {
        String localId = "P-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode consent = Messages.testConsent("omuta-houkatsu-1");
        consent.put("messageId", UUID.randomUUID().toString());
        consent.putObject("subject").put("localId", localId);
        String consentId = "CN-P-" + UUID.randomUUID();
        Messages.payload(consent).put("consentId", consentId);
        Messages.payload(consent).put("validUntil", java.time.LocalDate.now(clock).plusDays(1).toString());
        assertThat(sendForReport(consent).at("/payload/outcome").asText()).isEqualTo("delivered");

        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-shogai");
        referral.putObject("subject").put("localId", localId);
        ((ObjectNode) referral.get("legalBasis")).put("consentId", consentId);
        assertThat(sendForReport(referral).at("/payload/outcome").asText()).isEqualTo("delivered");
        http("omuta-shogai").pullUntil(referral.get("messageId").asText());
        ObjectNode rejected = Messages.referral("omuta-houkatsu-1", "kurume-houkatsu-1");
        assertRejected(rejected, "OTHER_MUNICIPALITY");
        String caseId = "C-" + UUID.randomUUID();
        assertDelivered(Messages.caseUpdate(caseId, 1, "omuta-houkatsu-1"));

        java.nio.file.Path exchange = java.nio.file.Path.of(connectors.exchangeDir()).resolve("retention-test");
        java.nio.file.Path done = write(exchange.resolve("done/a.json"));
        java.nio.file.Path error = write(exchange.resolve("error/b.csv"));
        java.nio.file.Path waiting = write(exchange.resolve("c.json")); // not yet read: never purged

        StoredRows rows = new StoredRows(referral.get("messageId").asText(), rejected.get("messageId").asText(), caseId, consentId);
        purge.purgeDatabaseOnce();
        purge.purgeExchangeFiles();
        assertThat(rows.now()).isEqualTo(new StoredRows.Seen(true, true, true, true, true));
        assertThat(done).exists();

        clock.advance(java.time.Duration.ofDays(31));
        assertThat(purge.purgeExchangeFiles()).isGreaterThanOrEqualTo(2);
        assertThat(done).doesNotExist();
        assertThat(error).doesNotExist();
        assertThat(waiting).exists();
        purge.purgeDatabaseOnce();
        assertThat(rows.now()).isEqualTo(new StoredRows.Seen(true, true, true, true, true));

        clock.advance(java.time.Duration.ofDays(60)); // day 91
        purge.purgeDatabaseOnce();
        assertThat(rows.now()).isEqualTo(new StoredRows.Seen(false, false, true, true, true));

        clock.advance(java.time.Duration.ofDays(310)); // day 401
        purge.purgeDatabaseOnce();
        assertThat(rows.now()).isEqualTo(new StoredRows.Seen(false, false, false, false, true));
        var snapshot = new jp.jusou.hub.HttpAgency("http://127.0.0.1:" + httpPort, "omuta-takikan", "demo-omuta-takikan")
                .get("/api/v1/cases/" + caseId);
        assertThat(snapshot.statusCode()).isEqualTo(404);
        assertThat(Messages.JSON.readTree(snapshot.body()).path("code").asText()).isEqualTo("CASE_SNAPSHOT_REMOVED");

        // another instance holds the lock: this one skips the round
        var otherInstance = RetentionPurge.lockProvider(jdbc.getDataSource()).lock(new net.javacrumbs.shedlock.core.LockConfiguration(
                net.javacrumbs.shedlock.core.ClockProvider.now(), RetentionPurge.LOCK, java.time.Duration.ofMinutes(5),
                java.time.Duration.ZERO)).orElseThrow();
        clock.advance(java.time.Duration.ofDays(1826)); // five years after the consent ended
        assertThat(purge.purgeDatabaseOnce()).isNull();
        assertThat(rows.now().consentEvidence()).isTrue();
        otherInstance.unlock();
        assertThat(purge.purgeDatabaseOnce()).containsKey("consent-evidence");
        assertThat(rows.now()).isEqualTo(new StoredRows.Seen(false, false, false, false, false));

        for (String store : List.of("quarantine", "inbox", "case-snapshots", "consent-evidence", "outcomes", "exchange-files")) {
            assertThat(meters.counter("hub.retention.purged", "store", store).count()).as(store).isGreaterThanOrEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'retention-purge'", Integer.class)).isPositive();
    }

    private java.nio.file.Path write(java.nio.file.Path file) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "{}");
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(clock.instant()));
        return file;
    }

    /** Whether each of the retention test's rows is still stored. */
    private final class StoredRows {
        record Seen(boolean quarantine, boolean inbox, boolean caseSnapshot, boolean outcomes, boolean consentEvidence) {
        }

        final String delivered;
        final String rejected;
        final String caseId;
        final String consentId;

        StoredRows(String delivered, String rejected, String caseId, String consentId) {
            this.delivered = delivered;
            this.rejected = rejected;
            this.caseId = caseId;
            this.consentId = consentId;
        }

        Seen now() {
            return new Seen(count("SELECT COUNT(*) FROM quarantine WHERE message_id = ?", rejected) > 0,
                    count("SELECT COUNT(*) FROM inbox_message WHERE message_id = ?", delivered) > 0,
                    count("SELECT COUNT(*) FROM coordinated_case WHERE case_id = ? AND last_update_json <> ''", caseId) > 0,
                    count("SELECT COUNT(*) FROM message_outcome WHERE message_id IN (?, ?)", delivered, rejected) > 0,
                    count("SELECT COUNT(*) FROM consent WHERE consent_id = ? AND evidence_captured_by IS NOT NULL", consentId) > 0);
        }

        private int count(String sql, Object... args) {
            Integer n = jdbc.queryForObject(sql, Integer.class, args);
            return n == null ? 0 : n;
        }
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
