package jp.jusou.hub.faults;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.jusou.hub.Topology;

/**
 * {@code bin/topology up}: starts the {@link Topology} (HA pair, PostgreSQL, N hubs) under a run
 * directory, writes how to reach it to {@code topology.txt}, and keeps it running until
 * {@code bin/topology down} creates the file {@code stop}; then stops the hubs (SIGTERM), the brokers and
 * PostgreSQL in order and exits.
 */
public final class TopologyMain {

    private TopologyMain() {
    }

    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]).toAbsolutePath();
        int hubs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path stop = run.resolve("stop");
        try (Topology topology = Topology.start(run.resolve("current"), true, hubs)) {
            Files.writeString(run.resolve("topology.txt"), topology.describe());
            System.out.print("topology ready\n" + topology.describe());
            await().forever().pollInterval(Duration.ofSeconds(1)).until(() -> Files.exists(stop));
            System.out.println("topology stopping");
        }
        System.out.println("topology stopped");
        System.exit(0);
    }
}
