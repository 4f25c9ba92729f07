package jp.jusou.hub.message;

import java.util.List;

/**
 * One copy of a message for one recipient, as the policy step decided it may be disclosed: the
 * envelope the recipient will receive (already redacted for it), the data classes it discloses, and
 * what was removed for this recipient. The disclosure ledger and the delivery report record exactly this.
 */
public record OutboundCopy(String recipient, String body, List<String> disclosedClasses, List<Redaction> redactions) {

    /** A value removed for one recipient: its data class and where it was (JSONPath). */
    public record Redaction(String dataClass, String path) {
    }

    public OutboundCopy {
        disclosedClasses = List.copyOf(disclosedClasses);
        redactions = List.copyOf(redactions);
    }

    public List<String> redactedClasses() {
        return redactions.stream().map(Redaction::dataClass).distinct().sorted().toList();
    }
}
