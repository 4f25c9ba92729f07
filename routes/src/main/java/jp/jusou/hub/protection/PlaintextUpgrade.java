package jp.jusou.hub.protection;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.delivery.Inbox;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.platform.DataKeys;
import jp.jusou.hub.platform.Sealing;
import jp.jusou.hub.policy.Consents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Seals, at start-up, the values stored in plain text before encryption at rest (version 20), and
 * re-wraps the data keys after a rotation of the master key. Until a row is sealed its reader returns
 * the plain value as it is ({@link Sealing#open}), so the hub works during the upgrade. Each update is
 * conditional on the plain value, so several instances starting at once seal each row once. The
 * subject of an old inbox row or case is read from its body ({@code subject.hubSubjectId}). Counts
 * only are logged.
 */
@Component
public class PlaintextUpgrade implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlaintextUpgrade.class);
    private static final String NOT_SEALED = " NOT LIKE '" + Sealing.PREFIX + "%'";

    private final JdbcTemplate jdbc;
    private final Sealing sealing;
    private final DataKeys keys;
    private final ObjectMapper json;

    public PlaintextUpgrade(JdbcTemplate jdbc, Sealing sealing, DataKeys keys, ObjectMapper json) {
        this.jdbc = jdbc;
        this.sealing = sealing;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) {
        int rewrapped = keys.rewrap();
        int sealed = quarantine() + inbox() + cases() + consents();
        if (rewrapped + sealed > 0) {
            log.info("encryption at rest: {} stored values sealed, {} data keys re-wrapped under the current master key", sealed,
                    rewrapped);
        }
    }

    int quarantine() {
        int n = 0;
        for (String[] row : rows("SELECT quarantine_id, hub_subject_id, body_masked FROM quarantine WHERE body_masked <> ''"
                + " AND body_masked" + NOT_SEALED)) {
            n += jdbc.update("UPDATE quarantine SET body_masked = ? WHERE quarantine_id = ? AND body_masked = ?",
                    sealing.seal(row[1], Quarantine.BODY, row[0], row[2]), row[0], row[2]);
        }
        return n;
    }

    int inbox() {
        int n = 0;
        for (String[] row : rows("SELECT agency, sender, message_id, envelope_json FROM inbox_message WHERE envelope_json" + NOT_SEALED)) {
            String subject = subjectOf(row[3]);
            n += jdbc.update("UPDATE inbox_message SET envelope_json = ?, hub_subject_id = ? WHERE agency = ? AND sender = ?"
                            + " AND message_id = ? AND envelope_json = ?",
                    sealing.seal(subject, Inbox.ENVELOPE, Inbox.rowKey(row[0], row[1], row[2]), row[3]), subject, row[0], row[1], row[2],
                    row[3]);
        }
        return n;
    }

    int cases() {
        int n = 0;
        for (String[] row : rows("SELECT municipality, case_id, last_update_json FROM coordinated_case WHERE last_update_json <> ''"
                + " AND last_update_json" + NOT_SEALED)) {
            String subject = subjectOf(row[2]);
            n += jdbc.update("UPDATE coordinated_case SET last_update_json = ?, hub_subject_id = ? WHERE municipality = ? AND case_id = ?"
                            + " AND last_update_json = ?",
                    sealing.seal(subject, Cases.SNAPSHOT, Cases.rowKey(row[0], row[1]), row[2]), subject, row[0], row[1], row[2]);
        }
        return n;
    }

    int consents() {
        int n = 0;
        for (String[] row : rows("SELECT consent_id, subject_ref, evidence_form_id, evidence_captured_by FROM consent"
                + " WHERE evidence_form_id" + NOT_SEALED + " OR evidence_captured_by" + NOT_SEALED)) {
            String formId = Sealing.isSealed(row[2]) ? row[2] : sealing.seal(row[1], Consents.FORM_ID, row[0], row[2]);
            String capturedBy = Sealing.isSealed(row[3]) ? row[3] : sealing.seal(row[1], Consents.CAPTURED_BY, row[0], row[3]);
            n += jdbc.update("UPDATE consent SET evidence_form_id = ?, evidence_captured_by = ? WHERE consent_id = ?",
                    formId, capturedBy, row[0]);
        }
        return n;
    }

    private List<String[]> rows(String sql) {
        return jdbc.query(sql, (rs, i) -> {
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int c = 0; c < row.length; c++) {
                row[c] = rs.getString(c + 1);
            }
            return row;
        });
    }

    /** The hubSubjectId a stored message names, or null. */
    private String subjectOf(String body) {
        try {
            String id = json.readTree(body).at("/subject/hubSubjectId").asText("");
            return id.isBlank() || id.length() > 80 ? null : id;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
