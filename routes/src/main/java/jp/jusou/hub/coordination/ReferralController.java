package jp.jusou.hub.coordination;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/referrals/{referralId}[?requester=]}: its two parties see its current status and
 * history. The id is resolved in the caller's own scope (its own referral, else one it received);
 * {@code requester} picks one when the caller received the same referralId from several requesters.
 */
@Tag(name = "Coordination", description = "Referrals and coordinated cases as their parties see them")
@RestController
class ReferralController {

    private final Referrals referrals;

    public ReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    @Operation(summary = "A referral's status and history", description = "For its two parties: the caller's own referral with this id, else one it received; requester picks one when several requesters used the id.")
    @ApiResponse(responseCode = "200", description = "{referralId, requester, receiver, status, history}")
    @ApiResponse(responseCode = "403", description = "The caller is not a party (NOT_REFERRAL_PARTY)")
    @ApiResponse(responseCode = "404", description = "No such referral (UNKNOWN_REFERRAL)")
    @ApiResponse(responseCode = "409", description = "Several requesters sent this referralId; name the requester (AMBIGUOUS_REFERRAL)")
    @GetMapping("/api/v1/referrals/{referralId}")
    public ResponseEntity<?> read(@PathVariable String referralId, @RequestParam(required = false) String requester,
                                  Principal principal) {
        List<Referrals.Referral> found = referrals.inScopeOf(principal.getName(), referralId, requester);
        if (found.size() > 1) {
            return Problems.response(Problems.of(HttpStatus.CONFLICT, ReasonCode.AMBIGUOUS_REFERRAL, null));
        }
        if (found.isEmpty()) {
            return referrals.anyWithId(referralId)
                    ? Problems.response(Problems.of(HttpStatus.FORBIDDEN, ReasonCode.NOT_REFERRAL_PARTY, null))
                    : Problems.response(Problems.of(HttpStatus.NOT_FOUND, ReasonCode.UNKNOWN_REFERRAL, null));
        }
        Referrals.Referral referral = found.get(0);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("referralId", referral.referralId());
        view.put("requester", referral.requester());
        view.put("receiver", referral.receiver());
        view.put("status", referral.status().wireName());
        view.put("history", referrals.history(referral));
        return ResponseEntity.ok(view);
    }
}
