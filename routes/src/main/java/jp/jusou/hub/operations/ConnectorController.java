package jp.jusou.hub.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.connectors.ChangeApprovals;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorRegistry;
import jp.jusou.hub.connectors.ConnectorRuntime;
import jp.jusou.hub.connectors.ConnectorStates;
import jp.jusou.hub.connectors.ConnectorStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The connector admin API that {@code bin/hubctl} speaks (operators and admins): list, status and
 * versions, validate, deploy (a definition's YAML as the body), undeploy, rollback, pause, resume.
 * Validation errors are 422 problem+json listing each problem with file, line and message.
 */
@Tag(name = "Operations")
@RestController
class ConnectorController {

    private final ConnectorRuntime runtime;
    private final ConnectorStates states;
    private final ChangeApprovals approvals;

    public ConnectorController(ConnectorRuntime runtime, ConnectorStates states, ChangeApprovals approvals) {
        this.runtime = runtime;
        this.states = states;
        this.approvals = approvals;
    }

    @Operation(summary = "Deployed connectors and their state")
    @ApiResponse(responseCode = "200", description = "{\"connectors\": [...]}")
    @GetMapping("/api/v1/connectors")
    public Map<String, List<ConnectorStatus>> list() {
        return Map.of("connectors", states.statuses()); // from the registry: the same on every instance
    }

    @Operation(summary = "A connector's state and versions")
    @ApiResponse(responseCode = "200", description = "{agencyId, status, versions}")
    @ApiResponse(responseCode = "404", description = "No such connector (UNKNOWN_CONNECTOR)")
    @GetMapping("/api/v1/connectors/{id}")
    public Map<String, Object> status(@PathVariable String id) {
        List<ConnectorRegistry.Version> versions = runtime.versions(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agencyId", id);
        body.put("status", states.status(id).orElse(null));
        body.put("versions", versions.stream().map(v -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", v.version());
            row.put("status", v.status());
            row.put("source", v.sourceName());
            row.put("sha256", v.sha256());
            row.put("deployedAt", v.deployedAt().toString());
            row.put("deployedBy", v.deployedBy());
            row.put("error", v.error());
            return row;
        }).toList());
        return body;
    }

    @Operation(summary = "Validate a connector definition (YAML body)")
    @ApiResponse(responseCode = "200", description = "Valid")
    @ApiResponse(responseCode = "422", description = "Each problem with file, line and message (INVALID_CONNECTOR)")
    @PostMapping("/api/v1/connectors/validate")
    public Map<String, Object> validate(@RequestParam(defaultValue = "connector.yaml") String file, @RequestBody String yaml) {
        ConnectorDefinition definition = runtime.validate(file, yaml);
        return Map.of("valid", true, "agencyId", definition.id(), "sha256", definition.sha256());
    }

    @Operation(summary = "Deploy a connector definition (YAML body)",
            description = "A change of where the agency's data goes or which secret it uses (webhook URL or signing key,"
                    + " SFTP host, port, user or password, directories, secret source, certificate mapping; a new connector"
                    + " with a file, SFTP or webhook transport) is not applied: it is stored as a pending change (202,"
                    + " with changeId and changedFields) until a second, different admin approves it"
                    + " (/api/v1/connector-changes/{changeId}/approve).")
    @ApiResponse(responseCode = "201", description = "Deployed")
    @ApiResponse(responseCode = "202", description = "Pending: waits for a second admin's approval")
    @ApiResponse(responseCode = "200", description = "Unchanged")
    @ApiResponse(responseCode = "409", description = "Could not start; the previous version keeps running (CONNECTOR_START_FAILED, CONNECTOR_CONFLICT)")
    @ApiResponse(responseCode = "422", description = "Invalid definition (INVALID_CONNECTOR)")
    @PostMapping("/api/v1/connectors")
    public ResponseEntity<ChangeApprovals.Outcome> deploy(@RequestParam(defaultValue = "connector.yaml") String file,
                                                          @RequestBody String yaml, Principal principal) {
        return response(approvals.deploy(file, yaml, principal.getName()));
    }

    static ResponseEntity<ChangeApprovals.Outcome> response(ChangeApprovals.Outcome outcome) {
        HttpStatus status = switch (outcome.action()) {
            case "pending" -> HttpStatus.ACCEPTED;
            case "unchanged", "rollback" -> HttpStatus.OK;
            default -> HttpStatus.CREATED;
        };
        return ResponseEntity.status(status).body(outcome);
    }

    @Operation(summary = "Undeploy a connector")
    @ApiResponse(responseCode = "200", description = "Undeployed")
    @ApiResponse(responseCode = "404", description = "No such connector (UNKNOWN_CONNECTOR)")
    @DeleteMapping("/api/v1/connectors/{id}")
    public Map<String, String> undeploy(@PathVariable String id, Principal principal) {
        runtime.undeploy(id, principal.getName());
        return Map.of("agencyId", id, "state", "undeployed");
    }

    @Operation(summary = "Roll back to an earlier version",
            description = "A version that differs in where data goes or which secret it uses waits for a second admin (202).")
    @ApiResponse(responseCode = "200", description = "Rolled back")
    @ApiResponse(responseCode = "202", description = "Pending: waits for a second admin's approval")
    @ApiResponse(responseCode = "404", description = "No such connector (UNKNOWN_CONNECTOR)")
    @ApiResponse(responseCode = "409", description = "Not possible now (CONNECTOR_CONFLICT, CONNECTOR_START_FAILED)")
    @PostMapping("/api/v1/connectors/{id}/rollback")
    public ResponseEntity<ChangeApprovals.Outcome> rollback(@PathVariable String id, @RequestParam(required = false) Integer version,
                                                            Principal principal) {
        return response(approvals.rollback(id, version, principal.getName()));
    }

    @Operation(summary = "Pause a connector")
    @ApiResponse(responseCode = "200", description = "Its state")
    @ApiResponse(responseCode = "404", description = "No such connector (UNKNOWN_CONNECTOR)")
    @ApiResponse(responseCode = "409", description = "Not possible now (CONNECTOR_CONFLICT)")
    @PostMapping("/api/v1/connectors/{id}/pause")
    public ConnectorStatus pause(@PathVariable String id, Principal principal) {
        runtime.pause(id, principal.getName());
        return runtime.status(id).orElseThrow();
    }

    @Operation(summary = "Resume a connector")
    @ApiResponse(responseCode = "200", description = "Its state")
    @ApiResponse(responseCode = "404", description = "No such connector (UNKNOWN_CONNECTOR)")
    @ApiResponse(responseCode = "409", description = "Not possible now (CONNECTOR_CONFLICT)")
    @PostMapping("/api/v1/connectors/{id}/resume")
    public ConnectorStatus resume(@PathVariable String id, Principal principal) {
        runtime.resume(id, principal.getName());
        return runtime.status(id).orElseThrow();
    }
}
