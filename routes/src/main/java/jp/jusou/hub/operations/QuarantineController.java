package jp.jusou.hub.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.delivery.QuarantineReplay;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.platform.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the quarantine: metadata only (who, which type, why, when, how big), and
 * replay, which puts the masked copy back on its sender's inbound queue to go through the pipeline
 * again. (The console and the auditor's content view are the operator-console issue's.)
 */
@Tag(name = "Operations", description = "Operators: quarantine and connectors (bin/hubctl)")
@RestController
class QuarantineController {

    private final Quarantine quarantine;
    private final QuarantineReplay replay;

    private final AuditTrail audit;
    private final Visibility visibility;

    public QuarantineController(Quarantine quarantine, QuarantineReplay replay, AuditTrail audit, Visibility visibility) {
        this.visibility = visibility;
        this.quarantine = quarantine;
        this.replay = replay;
        this.audit = audit;
    }

    @Operation(summary = "Quarantined messages (metadata only)", description = "Operators and admins; an account of one"
            + " municipality sees the entries its agencies sent.")
    @ApiResponse(responseCode = "200", description = "The entries")
    @GetMapping("/api/v1/quarantine")
    public List<Quarantine.Entry> list(@RequestParam(required = false) String sender,
                                       @RequestParam(required = false, defaultValue = "quarantined") String status,
                                       @RequestParam(defaultValue = "100") int limit, Authentication who) {
        return quarantine.list(new Quarantine.Filter(sender, status, null, null, null, null), limit,
                visibility.agencies(Scope.of(who)));
    }

    /** Marks and sends in one database transaction: a failed send leaves the entry quarantined. */
    @Operation(summary = "Replay a quarantined message", description = "Sends the masked copy through the pipeline again.")
    @ApiResponse(responseCode = "202", description = "Replayed")
    @ApiResponse(responseCode = "404", description = "No quarantined message with this id (NOT_IN_QUARANTINE)")
    @PostMapping("/api/v1/quarantine/{id}/replay")
    public ResponseEntity<?> replay(@PathVariable String id, Authentication principal) {
        var entry = quarantine.find(id).filter(e -> visibility.agency(Scope.of(principal), e.sender()));
        if (entry.isEmpty()) { // another municipality's entry is as if it did not exist
            return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NOT_IN_QUARANTINE",
                    "隔離中のメッセージが見つかりません。", "No quarantined message with this id."));
        }
        return switch (replay.replay(id, principal.getName())) {
            case replayed -> {
                audit.record(principal.getName(), "replay", id, null, visibility.municipality(entry.get().sender()));
                yield ResponseEntity.accepted().body(Map.of("quarantineId", id, "status", "replayed"));
            }
            case not_found -> Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NOT_IN_QUARANTINE",
                    "隔離中のメッセージが見つかりません。", "No quarantined message with this id."));
            // as before: a message no longer in quarantine is not found (the console tells the two apart)
            case already_handled -> Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NOT_IN_QUARANTINE",
                    "隔離中のメッセージが見つかりません。", "No quarantined message with this id."));
        };
    }
}
