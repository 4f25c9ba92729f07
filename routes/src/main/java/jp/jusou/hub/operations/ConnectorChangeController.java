package jp.jusou.hub.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.connectors.ChangeApprovals;
import jp.jusou.hub.connectors.PendingChanges;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Four eyes on where data goes, for {@code bin/hubctl}: the connector changes waiting for a second admin
 * (operators and admins may see them), and their approval or rejection (admins only; the proposer
 * cannot approve their own). Who is an admin is the login's role, wherever accounts live.
 */
@Tag(name = "Operations")
@RestController
class ConnectorChangeController {

    private final ChangeApprovals approvals;

    public ConnectorChangeController(ChangeApprovals approvals) {
        this.approvals = approvals;
    }

    @Operation(summary = "Connector changes waiting for a second admin",
            description = "Pending changes, oldest first (with all=true the latest changes of any status, newest first):"
                    + " who proposed what for which agency, and which destination or secret fields it alters.")
    @ApiResponse(responseCode = "200", description = "{\"changes\": [...]}")
    @GetMapping("/api/v1/connector-changes")
    public Map<String, List<PendingChanges.Change>> list(@RequestParam(defaultValue = "false") boolean all) {
        return Map.of("changes", all ? approvals.recent(100) : approvals.pending());
    }

    @Operation(summary = "Approve a pending connector change (admins; not its proposer)")
    @ApiResponse(responseCode = "200", description = "Applied (a rollback)")
    @ApiResponse(responseCode = "201", description = "Applied (a deploy or update)")
    @ApiResponse(responseCode = "403", description = "Not an admin, or the proposer (SELF_APPROVAL)")
    @ApiResponse(responseCode = "404", description = "No such change (UNKNOWN_CHANGE)")
    @ApiResponse(responseCode = "409", description = "Not pending any more, or could not start (CONNECTOR_CONFLICT, CONNECTOR_START_FAILED)")
    @ApiResponse(responseCode = "422", description = "No longer valid (INVALID_CONNECTOR)")
    @PostMapping("/api/v1/connector-changes/{changeId}/approve")
    public ResponseEntity<ChangeApprovals.Outcome> approve(@PathVariable String changeId, Authentication login) {
        requireAdmin(login);
        return ConnectorController.response(approvals.approve(changeId, login.getName()));
    }

    @Operation(summary = "Reject a pending connector change (admins; the proposer may withdraw it)")
    @ApiResponse(responseCode = "200", description = "Rejected; nothing was applied")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such change (UNKNOWN_CHANGE)")
    @ApiResponse(responseCode = "409", description = "Not pending any more (CONNECTOR_CONFLICT)")
    @PostMapping("/api/v1/connector-changes/{changeId}/reject")
    public PendingChanges.Change reject(@PathVariable String changeId, Authentication login) {
        requireAdmin(login);
        return approvals.reject(changeId, login.getName());
    }

    /** Said again here (WebSecurity says it first), so no chain's mistake lets an operator decide. */
    static void requireAdmin(Authentication login) {
        if (login == null || login.getAuthorities().stream().noneMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()))) {
            throw new org.springframework.security.access.AccessDeniedException("admins only");
        }
    }
}
