package jp.jusou.hub.protection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/subjects/{hubSubjectId}/erasure} (auditor): erases what the hub holds about a
 * subject and answers what was removed, per store ({@link Erasure}).
 */
@RestController
@Tag(name = "Data protection", description = "Auditors: erasure of what the hub holds about a person, on request")
class ErasureController {

    /** The form of the hub's subject ids ({@code S-XXXX-XXXX}, coordination.SubjectIdentities). */
    private static final String SUBJECT_ID = "S-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}";

    private final Erasure erasure;

    public ErasureController(Erasure erasure) {
        this.erasure = erasure;
    }

    @Operation(summary = "Erase a subject's data", description = "Auditors only. Removes stored bodies, case snapshots,"
            + " consent evidence and local ids of the subject and destroys its data key; the disclosure ledger keeps its"
            + " metadata and records the erasure. Answers what was removed per store.")
    @ApiResponse(responseCode = "200", description = "Erased: the erasure id and the counts per store")
    @ApiResponse(responseCode = "400", description = "Not a hub subject id (INVALID_SUBJECT_ID)")
    @ApiResponse(responseCode = "404", description = "The hub holds nothing about this subject (UNKNOWN_SUBJECT)")
    @PostMapping("/api/v1/subjects/{hubSubjectId}/erasure")
    public ResponseEntity<?> erase(@PathVariable String hubSubjectId, Principal auditor) {
        if (!hubSubjectId.matches(SUBJECT_ID)) {
            return Problems.response(Problems.plain(HttpStatus.BAD_REQUEST, "INVALID_SUBJECT_ID",
                    "対象者IDの形式が正しくありません（S-XXXX-XXXX）。", "Not a hub subject id (S-XXXX-XXXX)."));
        }
        return erasure.erase(hubSubjectId, auditor.getName())
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "UNKNOWN_SUBJECT",
                        "この対象者IDはハブに登録されていません。", "The hub holds nothing about this subject id.")));
    }
}
