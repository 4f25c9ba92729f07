package jp.jusou.hub.message;

import java.util.Arrays;
import java.util.Optional;

/** The message types of the contract. Some are issued only by the hub itself. */
public enum MessageType {
    REFERRAL("referral", true),
    REFERRAL_STATUS("referral-status", true),
    CASE_UPDATE("case-update", true),
    CONSENT("consent", true),
    OUTREACH_NOTICE("outreach-notice", true),
    DELIVERY_REPORT("delivery-report", false),
    CONSENT_WITHDRAWN("consent-withdrawn", false),
    REFERRAL_OVERDUE("referral-overdue", false);

    private final String wireName;
    private final boolean sentByAgencies;

    MessageType(String wireName, boolean sentByAgencies) {
        this.wireName = wireName;
        this.sentByAgencies = sentByAgencies;
    }

    public String wireName() {
        return wireName;
    }

    /** False for types only the hub issues (an agency sending one is rejected). */
    public boolean sentByAgencies() {
        return sentByAgencies;
    }

    public static Optional<MessageType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
