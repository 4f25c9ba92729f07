package jp.jusou.hub.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/consents/{consentId}}: the registering agency and the grantees read a consent's
 * scope and state (no personal data). Consents are granted and revoked with {@code consent} messages,
 * over the broker or {@code POST /api/v1/messages}.
 */
@Tag(name = "Policy", description = "Consents, 支援会議 and the disclosure ledger")
@RestController
class ConsentController {

    private final Consents consents;

    public ConsentController(Consents consents) {
        this.consents = consents;
    }

    @Operation(summary = "A consent's scope and state", description = "For the registering agency and the grantees; no personal data.")
    @ApiResponse(responseCode = "200", description = "{consentId, registeredBy, grantees, purposes, dataClasses, validFrom, validUntil, evidenceMethod, status}")
    @ApiResponse(responseCode = "404", description = "No such consent visible to the caller (CONSENT_MISSING)")
    @GetMapping("/api/v1/consents/{consentId}")
    public ResponseEntity<?> read(@PathVariable String consentId, Principal principal) {
        return consents.find(consentId)
                .filter(c -> c.registeredBy().equals(principal.getName()) || c.grantees().contains(principal.getName()))
                .<ResponseEntity<?>>map(c -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("consentId", c.consentId());
                    view.put("registeredBy", c.registeredBy());
                    view.put("grantees", c.grantees());
                    view.put("purposes", c.purposes());
                    view.put("dataClasses", c.dataClasses());
                    view.put("validFrom", c.validFrom().toString());
                    view.put("validUntil", c.validUntil() == null ? null : c.validUntil().toString());
                    view.put("evidenceMethod", c.evidenceMethod());
                    view.put("status", c.revokedAt() != null ? "revoked" : "granted");
                    return ResponseEntity.ok(view);
                })
                .orElseGet(() -> Problems.response(Problems.of(HttpStatus.NOT_FOUND, ReasonCode.CONSENT_MISSING, null)));
    }
}
