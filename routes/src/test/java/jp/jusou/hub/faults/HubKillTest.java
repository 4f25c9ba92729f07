package jp.jusou.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.jusou.hub.ReferralFlow;
import jp.jusou.hub.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hub instances on one broker (deploy/artemis/broker.xml as its own process) and one PostgreSQL:
 * one hub is killed with SIGKILL under steady load from three agencies (AMQPS and HTTPS). The other
 * takes over its message groups (its in-flight transactions roll back on the broker) and every referral
 * arrives, once. The fault suite's "hub-kill", as a CI test.
 *
 * <p>Order: one referral of a case never arrives after the next. The killed hub may hold one in an
 * uncommitted broker transaction; the broker's {@code GroupOrderOnFailure} plugin keeps the case's next
 * message back until the roll-back has put that one back in the queue (found by this test once, shown by
 * {@code broker.GroupOrderOnFailureTest}).
 */
class HubKillTest {

    @Test
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void killingOneOfTwoHubsLosesNothing() throws Exception {
        try (Topology topology = Topology.start(Topology.newRunDirectory(Path.of("target"), "hub-kill-"), false, 2)) {
            FaultRun faults = new FaultRun(topology, 5, Duration.ofSeconds(5), Duration.ofSeconds(3));
            faults.grantConsents();
            FaultRun.Result result = faults.run("hub-kill", (t, load) -> {
                t.hubs().get(0).kill();
                return load.now();
            });
            System.out.println(faults.report());
            assertThat(result.counts().sent()).as("referrals sent").isGreaterThan(50);
            assertThat(result.counts()).extracting(ReferralFlow.Counts::lost, ReferralFlow.Counts::duplicated,
                    ReferralFlow.Counts::outOfOrder).containsExactly(0, 0, 0);
        }
    }
}
