package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.ChildJvm;
import jp.jusou.hub.ExternalProfile;
import jp.jusou.hub.HubProcess;
import jp.jusou.hub.HubProcesses;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM stops the hub in order: intake stops, in-flight messages finish or roll back, then the
 * broker and the database close; the process exits 0 within 30 s and logs no ERROR line. Whatever
 * was still waiting is delivered, once, after the next start.
 */
class GracefulStopTest {

    @RegisterExtension
    final HubProcesses hubs = new HubProcesses("stop-test");

    @Test
    void sigtermStopsTheDemoCleanlyWithinThirtySecondsAndLosesNothing() throws Exception {
        Process hub = hubs.start("first");
        String url = hubs.brokerUrl();

        List<String> sent = new ArrayList<>();
        try (AgencyClient houkatsu = new AgencyClient(url, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
            HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1");
            for (int i = 0; i < 300; i++) { // more than the hub handles before the signal: many wait or are in flight
                ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
                houkatsu.send(Messages.text(referral));
                sent.add(referral.get("messageId").asText());
            }
        }

        long signalled = System.nanoTime();
        hub.destroy(); // SIGTERM
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).as("the hub stopped within 30 s of SIGTERM").isTrue();
        System.out.printf("GracefulStopTest: stopped in %d ms after SIGTERM%n", Duration.ofNanos(System.nanoTime() - signalled).toMillis());
        assertThat(hub.exitValue()).as("exit status after SIGTERM (the JVM's own handling would give 143)").isZero();
        List<String> log = Files.readAllLines(hubs.log("first"));
        assertThat(log).as("ERROR lines while stopping (see %s)", hubs.data()).noneMatch(line -> line.contains(" ERROR "));

        hubs.start("second");
        Map<String, Integer> copies = new HashMap<>();
        try (AgencyClient takikan = new AgencyClient(url, "omuta-takikan", "demo-omuta-takikan")) {
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < until && !copies.keySet().containsAll(sent)) {
                JsonNode copy = takikan.receive(Duration.ofSeconds(2));
                if (copy != null) {
                    copies.merge(copy.path("messageId").asText(), 1, Integer::sum);
                }
            }
            for (JsonNode late : takikan.receiveUntilQuiet(Duration.ofSeconds(2))) {
                copies.merge(late.path("messageId").asText(), 1, Integer::sum);
            }
        }
        assertThat(copies.keySet()).as("every referral sent before the stop is delivered").containsAll(sent);
        assertThat(copies.values()).as("each exactly once").containsOnly(1);
    }

    /**
     * A hub whose broker is unreachable (external profile, nothing listening on the broker port) keeps
     * retrying its listeners, and still stops on SIGTERM within 30 s with exit status 0.
     */
    @Test
    void aHubWhoseBrokerIsGoneStillStopsOnSigterm() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "stop-nobroker-");
        int httpPort = HubProcess.freePort();
        List<String> command = ChildJvm.java("512m");
        command.addAll(List.of("jp.jusou.hub.HubApplication", "--spring.profiles.active=external",
                "--hub.data-dir=" + data.toAbsolutePath(), "--hub.connectors.location=" + HubTestSupport.TEST_CONNECTORS,
                "--server.port=" + httpPort, "--hub.insecure.plain-broker=true",
                "--logging.level.root=WARN"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("hub.log").toFile());
        Map<String, String> env = builder.environment();
        ExternalProfile profile = ExternalProfile.in(data);
        env.putAll(profile.hubEnvironment("tcp://127.0.0.1:" + HubProcess.freePort())); // nothing listens there
        DemoCertificates tls = profile.tls();
        Process hub = hubs.track(builder.start());
        java.net.http.HttpClient http = jp.jusou.hub.TlsClients.http(jp.jusou.hub.TlsClients.context(tls.caCertificate(), null, null));
        java.net.URI liveness = java.net.URI.create("https://127.0.0.1:" + httpPort + "/actuator/health/liveness");
        org.awaitility.Awaitility.await("the hub is up without its broker (see " + data + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(hub.isAlive()).as("the hub runs (see %s)", data).isTrue();
                    try {
                        return http.send(java.net.http.HttpRequest.newBuilder(liveness).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (java.io.IOException notYet) {
                        return false;
                    }
                });
        // the stop under test finds the listeners in their retry loop: this pause sets the scene (a few retries),
        // it does not wait for a result
        Thread.sleep(2_000);

        long signalled = System.nanoTime();
        hub.destroy(); // SIGTERM
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).as("the hub stopped within 30 s of SIGTERM").isTrue();
        System.out.printf("GracefulStopTest: without a broker, stopped in %d ms after SIGTERM%n",
                Duration.ofNanos(System.nanoTime() - signalled).toMillis());
        assertThat(hub.exitValue()).as("exit status after SIGTERM").isZero();
    }
}
