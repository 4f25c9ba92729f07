package jp.jusou.hub.coordination;

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

/** {@code GET /api/v1/referrals/{referralId}}: its two parties see its current status and history. */
@RestController
public class ReferralController {

    private final Referrals referrals;

    public ReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    @GetMapping("/api/v1/referrals/{referralId}")
    public ResponseEntity<?> read(@PathVariable String referralId, Principal principal) {
        Referrals.Referral referral = referrals.find(referralId).orElse(null);
        if (referral == null) {
            return Problems.response(Problems.of(HttpStatus.NOT_FOUND, ReasonCode.UNKNOWN_REFERRAL, null));
        }
        if (!principal.getName().equals(referral.requester()) && !principal.getName().equals(referral.receiver())) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, ReasonCode.NOT_REFERRAL_PARTY, null));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("referralId", referral.referralId());
        view.put("requester", referral.requester());
        view.put("receiver", referral.receiver());
        view.put("status", referral.status().wireName());
        view.put("history", referrals.history(referralId));
        return ResponseEntity.ok(view);
    }
}
