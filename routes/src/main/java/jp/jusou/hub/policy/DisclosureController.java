package jp.jusou.hub.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditors' view of the disclosure ledger: who received what about a person, when and why
 * ({@code GET /api/v1/disclosures?subject=…}, as JSON or, for a person's disclosure request, as CSV
 * that Excel opens in Japanese), and a check of the whole chain ({@code GET /api/v1/disclosures/verify}).
 */
@Tag(name = "Disclosures", description = "Auditors: who received what about a person, when and why")
@RestController
class DisclosureController {

    private static final List<String> CSV_HEADER = List.of("番号 seq", "種別 kind", "日時 recorded at (UTC)", "提供先 recipient",
            "送信元 sender", "メッセージ種別 type", "ケース case", "提供した情報区分 data classes", "除外した情報区分 redacted",
            "根拠 legal basis", "同意・会議ID consent/meeting", "要確認 review", "messageId");

    private final DisclosureLedger ledger;
    private final CsvMapper csv = new CsvMapper();

    public DisclosureController(DisclosureLedger ledger) {
        this.ledger = ledger;
    }

    @Operation(summary = "Disclosures about a subject", description = "Auditors only. JSON, or with format=csv a CSV for a person's disclosure request (UTF-8 with BOM, Japanese and English headers).",
            parameters = @io.swagger.v3.oas.annotations.Parameter(name = "format", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    description = "csv: the entries as CSV", schema = @io.swagger.v3.oas.annotations.media.Schema(allowableValues = "csv")))
    @ApiResponse(responseCode = "200", description = "The ledger entries about the subject (JSON, or CSV with format=csv)")
    @GetMapping(value = "/api/v1/disclosures", params = "!format")
    public List<DisclosureLedger.Entry> forSubject(@RequestParam String subject) {
        return ledger.forSubject(subject);
    }

    @Operation(summary = "Disclosures about a subject", description = "Auditors only. JSON, or with format=csv a CSV for a person's disclosure request (UTF-8 with BOM, Japanese and English headers).",
            parameters = @io.swagger.v3.oas.annotations.Parameter(name = "format", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    description = "csv: the entries as CSV", schema = @io.swagger.v3.oas.annotations.media.Schema(allowableValues = "csv")))
    @ApiResponse(responseCode = "200", description = "The ledger entries about the subject (JSON, or CSV with format=csv)")
    @GetMapping(value = "/api/v1/disclosures", params = "format=csv")
    public ResponseEntity<String> forSubjectCsv(@RequestParam String subject) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        rows.add(CSV_HEADER);
        for (DisclosureLedger.Entry e : ledger.forSubject(subject)) {
            rows.add(List.of(Long.toString(e.seq()), e.kind(), e.recordedAt().toString(), e.recipient(), e.sender(),
                    e.messageType(), nullToEmpty(e.caseId()), e.dataClasses(), e.redactedClasses(), nullToEmpty(e.legalBasis()),
                    nullToEmpty(e.basisRef()), e.reviewRequired() ? "yes" : "", e.messageId()));
        }
        String body = "\uFEFF" + csv.writer(CsvSchema.emptySchema()).writeValueAsString(rows);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"disclosures.csv\"")
                .body(body);
    }

    /** Disclosures made without consent or meeting (vital interest) that an auditor must review. */
    @Operation(summary = "Vital-interest disclosures to review", description = "Auditors only.")
    @ApiResponse(responseCode = "200", description = "The entries that need review")
    @GetMapping("/api/v1/disclosures/review")
    public List<DisclosureLedger.Entry> toReview() {
        return ledger.toReview();
    }

    @Operation(summary = "Verify the ledger's hash chain", description = "Auditors and admins.")
    @ApiResponse(responseCode = "200", description = "Whether the chain is intact, and where it breaks")
    @GetMapping("/api/v1/disclosures/verify")
    public DisclosureLedger.Verification verify() {
        return ledger.verify();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
