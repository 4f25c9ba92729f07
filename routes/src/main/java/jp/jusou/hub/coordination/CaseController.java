package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.policy.PolicyEngine;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/cases/{caseId}}: a member of the case team reads the latest case update as it
 * would be delivered to it now (the policy engine decides again, so a revoked consent is honoured);
 * anyone else gets 403 NOT_CASE_TEAM.
 */
@Tag(name = "Coordination")
@RestController
class CaseController {

    private final Cases cases;
    private final SubjectIdentities subjects;
    private final PolicyEngine policy;
    private final ObjectMapper json;
    private final AgencyDirectory directory;

    public CaseController(Cases cases, SubjectIdentities subjects, PolicyEngine policy, ObjectMapper json, AgencyDirectory directory) {
        this.directory = directory;
        this.cases = cases;
        this.subjects = subjects;
        this.policy = policy;
        this.json = json;
    }

    @Operation(summary = "The latest case update of a case", description = "For the case team of the caller's municipality: the latest case-update envelope, redacted for the reader as it would be delivered now.")
    @ApiResponse(responseCode = "200", description = "The case-update envelope")
    @ApiResponse(responseCode = "403", description = "Not a member of the case team, or the policy does not allow it now (NOT_CASE_TEAM, CONSENT_*)")
    @GetMapping("/api/v1/cases/{caseId}")
    public ResponseEntity<?> read(@PathVariable String caseId, Principal principal) throws Exception {
        String caller = principal.getName();
        // a caseId is unique per municipality: the caller's own municipality's case, never another city's
        String municipality = directory.find(caller).map(Agency::municipality).orElse(null);
        Cases.CoordinatedCase found = municipality == null ? null : cases.find(municipality, caseId).orElse(null);
        if (found == null || (!found.team().contains(caller) && !found.coordinator().equals(caller))) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, ReasonCode.NOT_CASE_TEAM, null));
        }
        if (found.lastUpdateJson().isEmpty()) {
            // removed by its retention period or by the erasure of its subject (docs/data-protection.md)
            return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "CASE_SNAPSHOT_REMOVED",
                    "この事例の最新の更新は、保存期間の経過または対象者の消去により削除されています。",
                    "The case's latest update was removed (its retention period ended, or its subject was erased)."));
        }
        if (found.coordinator().equals(caller)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(found.lastUpdateJson());
        }
        HubMessage message = new HubMessage(found.coordinator(), null);
        message.text(found.lastUpdateJson(), found.lastUpdateJson().length());
        message.tree(json.readTree(found.lastUpdateJson()));
        message.type(MessageType.CASE_UPDATE);
        var subject = message.tree().path("subject");
        message.hubSubjectId(!subject.path("hubSubjectId").asText("").isEmpty() ? subject.path("hubSubjectId").asText()
                : subjects.find(found.coordinator(), subject.path("localId").asText("")).orElse(null));
        message.recipients(List.of(caller));
        try {
            policy.decide(message);
        } catch (RejectedException notNow) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, notNow.reasons()));
        }
        if (message.copies().isEmpty()) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, message.notes()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(message.copies().get(0).body());
    }
}
