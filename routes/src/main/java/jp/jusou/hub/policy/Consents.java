package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.platform.Sealing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The consent registry: grants with their scope and evidence, and their revocation. The evidence that
 * names a document or a person (the form id, who captured it) is stored sealed with the subject's data
 * key ({@link Sealing}); its method and the document's hash stay readable for the policy and audits.
 */
@Repository
public class Consents {

    public record Consent(String consentId, String municipality, String registeredBy, String subjectRef, List<String> grantees,
                          List<String> purposes, List<String> dataClasses, LocalDate validFrom, LocalDate validUntil,
                          String evidenceMethod, Instant registeredAt, Instant revokedAt) {

        public boolean activeOn(LocalDate day) {
            return !day.isBefore(validFrom) && (validUntil == null || !day.isAfter(validUntil));
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Sealing sealing;

    public static final String FORM_ID = "consent.evidence_form_id";
    public static final String CAPTURED_BY = "consent.evidence_captured_by";

    public Consents(JdbcTemplate jdbc, Clock clock, Sealing sealing) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sealing = sealing;
    }

    /** The sealed part of a consent's evidence, opened (null fields when not given or removed). */
    public record Evidence(String formId, String capturedBy) {
    }

    /**
     * @throws Sealing.Unreadable when the subject's data key was destroyed (an erasure)
     */
    public Optional<Evidence> evidence(String consentId) {
        return jdbc.query("SELECT evidence_form_id, evidence_captured_by FROM consent WHERE consent_id = ?",
                (rs, i) -> new Evidence(sealing.open(FORM_ID, consentId, rs.getString(1)),
                        sealing.open(CAPTURED_BY, consentId, rs.getString(2))), consentId).stream().findFirst();
    }

    public Optional<Consent> find(String consentId) {
        return jdbc.query("SELECT * FROM consent WHERE consent_id = ?", (rs, i) -> consent(rs), consentId).stream().findFirst();
    }

    /** Registers a grant (payload of a consent message); a second delivery of the same grant changes nothing. */
    public void grant(String municipality, String registeredBy, String subjectRef, JsonNode payload) {
        if (find(payload.path("consentId").asText()).isPresent()) {
            return;
        }
        JsonNode evidence = payload.path("evidence");
        jdbc.update("INSERT INTO consent (consent_id, municipality, registered_by, subject_ref, grantees, purposes, data_classes,"
                        + " valid_from, valid_until, evidence_method, evidence_form_id, evidence_captured_by, evidence_sha256, registered_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                payload.path("consentId").asText(), municipality, registeredBy, subjectRef, join(payload.path("grantees")),
                join(payload.path("purposes")), join(payload.path("dataClasses")),
                Date.valueOf(LocalDate.parse(payload.path("validFrom").asText())),
                payload.hasNonNull("validUntil") ? Date.valueOf(LocalDate.parse(payload.path("validUntil").asText())) : null,
                evidence.path("method").asText(),
                sealing.seal(subjectRef, FORM_ID, payload.path("consentId").asText(), evidence.path("formId").asText(null)),
                sealing.seal(subjectRef, CAPTURED_BY, payload.path("consentId").asText(), evidence.path("capturedBy").asText(null)),
                evidence.path("documentSha256").asText(null), Timestamp.from(clock.instant()));
    }

    public void revoke(String consentId, String by) {
        jdbc.update("UPDATE consent SET revoked_at = ?, revoked_by = ? WHERE consent_id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), by, consentId);
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static Consent consent(ResultSet rs) throws SQLException {
        Date until = rs.getDate("valid_until");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Consent(rs.getString("consent_id"), rs.getString("municipality"), rs.getString("registered_by"),
                rs.getString("subject_ref"), split(rs.getString("grantees")), split(rs.getString("purposes")),
                split(rs.getString("data_classes")), rs.getDate("valid_from").toLocalDate(),
                until == null ? null : until.toLocalDate(), rs.getString("evidence_method"),
                rs.getTimestamp("registered_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }

    /** An erasure: removes the sealed evidence (form id, who captured it) of a subject's consents; returns how many. */
    public int eraseEvidence(String hubSubjectId) {
        return jdbc.update("UPDATE consent SET evidence_form_id = NULL, evidence_captured_by = NULL WHERE subject_ref = ?"
                + " AND (evidence_form_id IS NOT NULL OR evidence_captured_by IS NOT NULL)", hubSubjectId);
    }

    /**
     * Retention: removes the sealed evidence of consents that ended (revoked, or valid until a day)
     * before {@code cutoff}; the grant itself stays, for the ledger's basis. Returns how many.
     */
    public int purgeEvidenceBefore(Instant cutoff) {
        return jdbc.update("UPDATE consent SET evidence_form_id = NULL, evidence_captured_by = NULL"
                + " WHERE (revoked_at < ? OR valid_until < ?) AND (evidence_form_id IS NOT NULL OR evidence_captured_by IS NOT NULL)",
                Timestamp.from(cutoff), Date.valueOf(cutoff.atZone(clock.getZone()).toLocalDate()));
    }

    /** Whether any consent was registered about this subject. */
    public boolean about(String hubSubjectId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM consent WHERE subject_ref = ?", Integer.class, hubSubjectId);
        return n != null && n > 0;
    }
}
