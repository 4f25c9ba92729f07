package jp.jusou.hub.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.message.MyNumberDetector;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/messages/{messageId}}: the delivery report of a message the caller sent. */
@Tag(name = "Messages")
@RestController
class OutcomeController {

    private final Outcomes outcomes;

    public OutcomeController(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Operation(summary = "The delivery report of a message the caller sent", description = "The delivery-report envelope (schemas/v1/delivery-report.schema.json): delivered to whom, what was redacted, or the reasons it was rejected.")
    @ApiResponse(responseCode = "200", description = "The delivery report")
    @ApiResponse(responseCode = "404", description = "No outcome yet; it may still be in process just after 202 (NO_OUTCOME_YET)")
    @GetMapping("/api/v1/messages/{messageId}")
    public ResponseEntity<?> outcome(@PathVariable String messageId, Principal principal) {
        // a rejected 個人番号 id was recorded masked: asked for by it, the masked record answers
        // a delivery whose broker transaction has not committed yet has no report to show: it may still roll back
        List<Outcomes.Recorded> recorded = outcomes.find(principal.getName(), MyNumberDetector.mask(messageId)).stream()
                .filter(r -> r.outcome() != Outcomes.Outcome.delivering).toList();
        if (recorded.isEmpty()) {
            return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NO_OUTCOME_YET",
                    "このmessageIdの処理結果はまだありません（受付直後は処理中の場合があります）。",
                    "No outcome for this messageId yet (it may still be in process just after 202)."));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(recorded.get(0).reportJson());
    }
}
