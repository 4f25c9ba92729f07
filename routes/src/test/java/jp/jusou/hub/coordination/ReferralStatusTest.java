package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import jp.jusou.hub.coordination.ReferralStatus.Party;
import org.junit.jupiter.api.Test;

/**
 * The referral state machine, exhaustively: every pair of statuses, for each party, against the
 * contract's text written out here as a table of its own.
 */
class ReferralStatusTest {

    /** CONTRACT.md: the transitions, and entered-in-error from any state that is not final. */
    static final Set<String> CONTRACT = Set.of(
            "requested>accepted", "requested>rejected", "requested>cancelled",
            "accepted>in-progress", "accepted>on-hold", "accepted>cancelled", "accepted>completed", "accepted>failed",
            "in-progress>on-hold", "on-hold>in-progress",
            "in-progress>cancelled", "in-progress>completed", "in-progress>failed",
            "on-hold>cancelled", "on-hold>completed", "on-hold>failed",
            "requested>entered-in-error", "accepted>entered-in-error", "in-progress>entered-in-error", "on-hold>entered-in-error");

    static final Set<String> FINAL = Set.of("rejected", "cancelled", "completed", "failed", "entered-in-error");
    static final Set<String> NEEDS_REASON = Set.of("rejected", "cancelled", "on-hold", "failed");

    @Test
    void everyPairOfStatusesForEachParty() {
        int checked = 0;
        for (ReferralStatus from : ReferralStatus.values()) {
            for (ReferralStatus to : ReferralStatus.values()) {
                for (Party party : Party.values()) {
                    boolean contractAllows = CONTRACT.contains(from.wireName() + ">" + to.wireName())
                            && switch (to.wireName()) {
                                case "cancelled" -> true;                       // either side
                                case "entered-in-error" -> party == Party.REQUESTER;
                                default -> party == Party.RECEIVER;            // only the receiver moves it
                            };
                    boolean hubAllows = from.next().contains(to) && ReferralStatus.mayMove(party, to);
                    assertThat(hubAllows).as("%s: %s → %s", party, from.wireName(), to.wireName()).isEqualTo(contractAllows);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(9 * 9 * 2);
    }

    @Test
    void finalStatesAndReasons() {
        for (ReferralStatus status : ReferralStatus.values()) {
            assertThat(status.isFinal()).as(status.wireName()).isEqualTo(FINAL.contains(status.wireName()));
            assertThat(status.needsReason()).as(status.wireName()).isEqualTo(NEEDS_REASON.contains(status.wireName()));
            if (status.isFinal()) {
                assertThat(status.next()).isEmpty();
            }
        }
    }
}
