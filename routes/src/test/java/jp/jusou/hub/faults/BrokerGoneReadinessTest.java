package jp.jusou.hub.faults;

import java.nio.file.Path;
import java.time.Duration;
import jp.jusou.hub.ExternalHub;
import jp.jusou.hub.Topology;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hub whose only broker dies is not ready (the readiness probe's "broker" check: its connections are
 * reconnecting), so a load balancer stops sending it HTTP submits; when the broker is back, it is ready
 * again by itself. Found on 2026-11-30: with the "jms" check alone it stayed ready for over 90 s, since a
 * pooled connection that is reconnecting still looks started.
 */
class BrokerGoneReadinessTest {

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aHubIsNotReadyWhileItsBrokerIsGoneAndReadyWhenItReturns() throws Exception {
        try (Topology topology = Topology.start(Topology.newRunDirectory(Path.of("target"), "broker-gone-"), false, 1)) {
            ExternalHub hub = topology.hubs().get(0);
            Awaitility.await("ready at first").atMost(Duration.ofSeconds(30)).until(() -> hub.readiness() == 200);

            topology.primary().kill();
            Awaitility.await("not ready once its broker is gone").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).until(() -> hub.readiness() == 503);

            topology.primary().restart();
            Awaitility.await("ready again when the broker is back").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> hub.readiness() == 200);
        }
    }
}
