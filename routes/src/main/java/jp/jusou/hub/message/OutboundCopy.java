package jp.jusou.hub.message;

import java.util.List;

/**
 * One copy of a message for one recipient, as the policy step decided it may be disclosed: the
 * envelope the recipient will receive (already redacted for it), the data classes it discloses and
 * those removed for this recipient. The disclosure ledger records exactly this.
 */
public record OutboundCopy(String recipient, String body, List<String> disclosedClasses, List<String> redactedClasses) {

    public OutboundCopy {
        disclosedClasses = List.copyOf(disclosedClasses);
        redactedClasses = List.copyOf(redactedClasses);
    }
}
