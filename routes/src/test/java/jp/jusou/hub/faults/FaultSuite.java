package jp.jusou.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.jusou.hub.ExternalHub;
import jp.jusou.hub.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fault suite of {@code deploy/README.md} ("Fault tests"; {@code bin/faults} runs it): the whole
 * topology (Artemis primary + backup, PostgreSQL, two hubs) under steady load from three agencies (two
 * over AMQPS, one over HTTPS), and one fault after another: kill -9 of the primary broker, its return
 * (failback), kill -9 of a hub, PostgreSQL stopped for {@code faults.db-outage-seconds} (60), a rolling
 * restart of every hub. Prints a table and one {@code FAULTS_JSON} line; fails if any fault lost,
 * duplicated or reordered a message. Only when asked ({@code -Dfaults=true}): it takes 10–20 minutes.
 */
@EnabledIfSystemProperty(named = "faults", matches = "true")
class FaultSuite {

    @Test
    @Timeout(value = 45, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyFaultLosesNothing() throws Exception {
        int perSecond = Integer.getInteger("faults.rate", 5);
        Duration outage = Duration.ofSeconds(Integer.getInteger("faults.db-outage-seconds", 60));
        Path dir = Topology.newRunDirectory(Path.of("target/faults"), "run-");
        long started = System.nanoTime();
        try (Topology topology = Topology.start(dir, true, Integer.getInteger("faults.hubs", 2))) {
            System.out.printf("topology up in %d s%n%s", (System.nanoTime() - started) / 1_000_000_000, topology.describe());
            FaultRun faults = new FaultRun(topology, perSecond, Duration.ofSeconds(10), Duration.ofSeconds(10))
                    .logTo(dir.resolve("faults-progress.txt"));
            faults.grantConsents();

            faults.run("broker-primary-kill", (t, load) -> {
                t.primary().kill();
                return load.now();
            });
            faults.run("failback", (t, load) -> {
                double from = load.now();
                t.primary().restart();
                t.backup().awaitLog("AMQ221024", Duration.ofSeconds(120)); // the backup is in sync again: failback done
                return from;
            });
            faults.run("hub-kill", (t, load) -> {
                t.hubs().get(0).kill();
                return load.now();
            });
            if (FaultRun.selected("hub-kill")) {
                topology.hubs().get(0).start(Duration.ofSeconds(180)); // back to two hubs for the next faults
            }
            faults.run("db-outage", (t, load) -> {
                t.database().stop();
                load.receiveFor(outage);
                t.database().start();
                return load.now(); // measured from the database's return
            });
            faults.run("rolling-restart", (t, load) -> {
                double from = load.now();
                for (ExternalHub hub : t.hubs()) {
                    assertThat(hub.stop()).as("%s stopped cleanly on SIGTERM", hub.name()).isTrue();
                    hub.start(Duration.ofSeconds(180));
                }
                return from;
            });
            String report = faults.report();
            System.out.println(report);
            Files.writeString(dir.resolve("faults.txt"), report + "\n");
            System.out.printf("fault suite: %d s in all%n", (System.nanoTime() - started) / 1_000_000_000);
            faults.results().values().forEach(r -> assertThat(r.counts().lost() + r.counts().duplicated() + r.counts().outOfOrder())
                    .as("%s: lost + duplicated + out of order", r.name()).isZero());
        }
    }

}
