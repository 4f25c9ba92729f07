package jp.jusou.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hub instance on the "external" profile as its own process, as {@code deploy/systemd/jusou-hub.service}
 * runs it: its environment from {@link ExternalProfile} (real secrets, TLS, a failover broker URL, a
 * PostgreSQL URL), HTTPS on its own free port, its own data directory. It can be killed (SIGKILL),
 * stopped (SIGTERM) and started again; its output goes to {@code <dir>/hub.log} (appended).
 */
public final class ExternalHub {

    private final String name;
    private final Path dir;
    private final int httpsPort;
    private final List<String> command;
    private final Map<String, String> environment;
    private final HttpClient https;
    private Process process;

    public ExternalHub(String name, Path dir, ExternalProfile profile, Map<String, String> environment) throws Exception {
        this.name = name;
        this.dir = dir.toAbsolutePath();
        this.httpsPort = HubProcess.freePort();
        this.environment = new LinkedHashMap<>(environment);
        this.https = TlsClients.http(TlsClients.context(profile.tls().caCertificate(), null, null));
        this.command = ChildJvm.java("384m");
        command.addAll(List.of("jp.jusou.hub.HubApplication", "--spring.profiles.active=external",
                "--hub.data-dir=" + this.dir.resolve("data"),
                "--hub.connectors.location=" + HubTestSupport.TEST_CONNECTORS,
                "--server.port=" + httpsPort,
                "--hub.broker.redelivery-delay-ms=100",
                "--logging.level.root=WARN"));
        Files.createDirectories(this.dir);
    }

    /** Starts the process and waits until its readiness probe answers UP. */
    public ExternalHub start(Duration timeout) throws Exception {
        Path log = dir.resolve("hub.log");
        Files.writeString(log, "=== start\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        process = started;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readiness() != 200) {
            if (!process.isAlive()) {
                throw new AssertionError("hub " + name + " exited with status " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("hub " + name + " not ready within " + timeout + "; see " + log);
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The readiness probe's HTTP status, 0 when nothing answers. */
    public int readiness() {
        try {
            return https.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notAnswering) {
            return 0;
        }
    }

    /** SIGKILL: the machine died. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; true if it exited with status 0 within 40 s (the systemd unit's TimeoutStopSec). */
    public boolean stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public String url() {
        return "https://127.0.0.1:" + httpsPort;
    }

    public HttpClient https() {
        return https;
    }
}
