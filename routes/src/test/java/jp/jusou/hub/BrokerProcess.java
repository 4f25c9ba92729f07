package jp.jusou.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.broker.StandaloneBroker;

/**
 * One Artemis broker as its own process, started the way {@code bin/broker} starts it (the
 * {@link StandaloneBroker} launcher on this JVM's class path), its output in a log file the test can
 * wait on. Killed with SIGKILL when the test JVM ends, so a failed run leaves no broker behind.
 */
public final class BrokerProcess {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int starts;

    private BrokerProcess(List<String> command, Map<String, String> environment, Path log) {
        this.command = command;
        this.environment = environment;
        this.log = log;
    }

    /** Starts the launcher with a broker.xml, a data directory, JAAS files and -D properties; waits until it is ready. */
    public static BrokerProcess start(Path config, Path dir, Path users, Path roles, Map<String, String> properties) throws Exception {
        return start(config, dir, users, roles, properties, Map.of());
    }

    /** The same with environment variables for the broker process (e.g. its key store's password). */
    public static BrokerProcess start(Path config, Path dir, Path users, Path roles, Map<String, String> properties,
                                      Map<String, String> environment) throws Exception {
        List<String> command = ChildJvm.java("256m");
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of(StandaloneBroker.class.getName(), "--config", config.toAbsolutePath().toString(),
                "--data", dir.resolve("data").toString(), "--users", users.toString(), "--roles", roles.toString()));
        Files.createDirectories(dir);
        BrokerProcess broker = new BrokerProcess(command, environment, dir.resolve("broker.log"));
        broker.restart();
        return broker;
    }

    /** Starts it again (after {@link #kill()} or {@link #stop()}), same data, log appended; waits until it is ready. */
    public void restart() throws Exception {
        starts++;
        Files.writeString(log, "=== start " + starts + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        process = started;
        awaitLog(StandaloneBroker.READY, Duration.ofSeconds(180));
    }

    /** The launcher's ready line of the latest start. */
    public String readyLine() throws Exception {
        return awaitLog(StandaloneBroker.READY, Duration.ofSeconds(1));
    }

    /** Waits until this start's log has a line containing {@code text}. */
    public String awaitLog(String text, Duration timeout) throws Exception {
        return org.awaitility.Awaitility.await("'" + text + "' in " + log).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    String current = Files.readString(log);
                    String thisStart = current.substring(current.lastIndexOf("=== start " + starts));
                    java.util.Optional<String> line = thisStart.lines().filter(l -> l.contains(text)).findFirst();
                    if (line.isEmpty() && !process.isAlive()) {
                        throw new AssertionError("the broker exited with status " + process.exitValue() + " before '" + text + "'; see " + log);
                    }
                    return line;
                }, java.util.Optional::isPresent).orElseThrow();
    }

    /** SIGKILL: the machine died. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; true if it exited with status 0 within 30 s. */
    public boolean stop() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }
}
