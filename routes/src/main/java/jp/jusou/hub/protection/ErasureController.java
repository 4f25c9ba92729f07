package jp.jusou.hub.protection;

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
public class ErasureController {

    /** The form of the hub's subject ids ({@code S-XXXX-XXXX}, coordination.SubjectIdentities). */
    private static final String SUBJECT_ID = "S-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}";

    private final Erasure erasure;

    public ErasureController(Erasure erasure) {
        this.erasure = erasure;
    }

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
