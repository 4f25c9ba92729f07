package jp.jusou.hub.operations;

import java.util.List;
import jp.jusou.hub.connectors.ChangeApprovals;
import jp.jusou.hub.connectors.PendingChanges;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's side of four eyes ({@code /console/api/connector-changes}): every console login sees
 * the connector changes that wait for a second admin; admins approve or reject them (the proposer cannot
 * approve their own). The same {@link ChangeApprovals} as the API and hubctl; audited there.
 */
@RestController
@RequestMapping("/console/api/connector-changes")
class ConsoleChangesController {

    private final ChangeApprovals approvals;

    public ConsoleChangesController(ChangeApprovals approvals) {
        this.approvals = approvals;
    }

    @GetMapping
    public List<PendingChanges.Change> pending() {
        return approvals.pending();
    }

    @PostMapping("/{changeId}/approve")
    public ResponseEntity<ChangeApprovals.Outcome> approve(@PathVariable String changeId, Authentication login) {
        ConnectorChangeController.requireAdmin(login);
        return ConnectorController.response(approvals.approve(changeId, login.getName()));
    }

    @PostMapping("/{changeId}/reject")
    public PendingChanges.Change reject(@PathVariable String changeId, Authentication login) {
        ConnectorChangeController.requireAdmin(login);
        return approvals.reject(changeId, login.getName());
    }
}
