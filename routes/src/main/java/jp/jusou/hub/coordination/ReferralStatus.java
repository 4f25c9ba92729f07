package jp.jusou.hub.coordination;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The referral lifecycle of the contract. requested→accepted|rejected|cancelled;
 * accepted→in-progress|on-hold|cancelled|completed|failed; in-progress↔on-hold;
 * in-progress|on-hold→cancelled|completed|failed; entered-in-error from any state that is not final.
 * rejected, cancelled, completed, failed and entered-in-error are final. Only the receiver moves a
 * referral, except {@code cancelled} (either party) and {@code entered-in-error} (the requester only).
 */
enum ReferralStatus {
    REQUESTED("requested"),
    ACCEPTED("accepted"),
    REJECTED("rejected"),
    IN_PROGRESS("in-progress"),
    ON_HOLD("on-hold"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    ENTERED_IN_ERROR("entered-in-error");

    /** Which party sends a status. */
    public enum Party { REQUESTER, RECEIVER }

    private final String wireName;

    ReferralStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReferralStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    public boolean isFinal() {
        return EnumSet.of(REJECTED, CANCELLED, COMPLETED, FAILED, ENTERED_IN_ERROR).contains(this);
    }

    /** Statuses that must come with a reason. */
    public boolean needsReason() {
        return EnumSet.of(REJECTED, CANCELLED, ON_HOLD, FAILED).contains(this);
    }

    /** The statuses this one may move to (whoever moves it). */
    public Set<ReferralStatus> next() {
        Set<ReferralStatus> next = switch (this) {
            case REQUESTED -> EnumSet.of(ACCEPTED, REJECTED, CANCELLED);
            case ACCEPTED -> EnumSet.of(IN_PROGRESS, ON_HOLD, CANCELLED, COMPLETED, FAILED);
            case IN_PROGRESS -> EnumSet.of(ON_HOLD, CANCELLED, COMPLETED, FAILED);
            case ON_HOLD -> EnumSet.of(IN_PROGRESS, CANCELLED, COMPLETED, FAILED);
            default -> EnumSet.noneOf(ReferralStatus.class);
        };
        if (!isFinal()) {
            next.add(ENTERED_IN_ERROR);
        }
        return next;
    }

    /** Whether this party may make the move to {@code target}. */
    public static boolean mayMove(Party party, ReferralStatus target) {
        return switch (target) {
            case CANCELLED -> true;
            case ENTERED_IN_ERROR -> party == Party.REQUESTER;
            default -> party == Party.RECEIVER;
        };
    }
}
