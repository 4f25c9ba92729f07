package jp.jusou.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The hub as a separate process on its embedded default (demo profile, the broker-only test
 * connectors), for tests that kill it with SIGKILL and start it again on the same data directory. It
 * runs on the test's clock: {@code hub.clock.offset} of this JVM is passed on.
 */
public final class HubProcess {

    private HubProcess() {
    }

    /** Starts a hub and waits until it is ready; its output goes to {@code <data>/hub-<name>.log}. */
    public static Process start(Path data, int brokerPort, int httpPort, String name) throws Exception {
        List<String> command = ChildJvm.java("512m");
        command.addAll(List.of("jp.jusou.hub.HubApplication",
                "--spring.profiles.active=demo",
                "--hub.data-dir=" + data.toAbsolutePath(),
                "--hub.connectors.location=" + HubTestSupport.TEST_CONNECTORS,
                "--hub.demo.stand-ins.enabled=false",
                "--hub.broker.acceptor=tcp://127.0.0.1:" + brokerPort + "?protocols=CORE,AMQP",
                "--hub.broker.redelivery-delay-ms=100",
                "--hub.http.plain-port=" + httpPort,
                "--hub.broker.amqps.port=" + freePort(),
                "--server.port=0",
                "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("hub-" + name + ".log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            org.awaitility.Awaitility.await("hub " + name + " ready").atMost(Duration.ofSeconds(180)) // a loaded machine (two test JVMs) starts slowly
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertThat(process.isAlive()).as("hub process " + name + " is running (see " + data + ")").isTrue();
                        try {
                            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            return process;
        } catch (RuntimeException | AssertionError notStarted) {
            process.destroyForcibly();
            throw notStarted;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
