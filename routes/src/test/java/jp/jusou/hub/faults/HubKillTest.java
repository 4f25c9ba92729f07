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
 * <p>Order: one CI run on 2026-11-30 (of four runs of this fault that day) had one referral arrive after the next
 * of its case: the killed hub held it in an uncommitted broker transaction, and the other hub got the
 * case's next message before the broker had put it back. Artemis rolls a dead session's transaction
 * back before it closes its consumers, but the roll-back puts the messages back once the journal has
 * written it, while the closing consumer frees the case's group at once (deploy/README.md, "Fault
 * tests"). Until that is fixed, this test allows at most one such reordering and prints it; lost and
 * duplicated stay at zero, and {@code bin/faults} still fails on any reordering.
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
            assertThat(result.counts()).extracting(ReferralFlow.Counts::lost, ReferralFlow.Counts::duplicated)
                    .containsExactly(0, 0);
            assertThat(result.counts().outOfOrder()).as("referrals after the next of their case (the known broker race, see above)")
                    .isLessThanOrEqualTo(1);
        }
    }
}
