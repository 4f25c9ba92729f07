package jp.jusou.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The hub processes of one test ({@link HubProcess}): one data directory, broker port and HTTP port,
 * so that a hub started again after a kill or a stop finds its journal and database where the first
 * left them. Every process still running after the test is killed. Register it with
 * {@code @RegisterExtension final HubProcesses hubs = new HubProcesses("kill-test");}.
 */
public final class HubProcesses implements AfterEachCallback {

    private final String prefix;
    private final List<Process> started = new ArrayList<>();
    private Path data;
    private int brokerPort;
    private int httpPort;

    public HubProcesses(String prefix) {
        this.prefix = prefix;
    }

    /** Starts a hub on this test's data directory and ports and waits until it is ready. */
    public Process start(String name) throws Exception {
        if (data == null) {
            data = Files.createTempDirectory(Path.of("target"), prefix + "-");
            brokerPort = HubProcess.freePort();
            httpPort = HubProcess.freePort();
        }
        return track(HubProcess.start(data, brokerPort, httpPort, name));
    }

    /** A process started otherwise, to be killed after the test like the others. */
    public Process track(Process process) {
        started.add(process);
        return process;
    }

    public Path data() {
        return data;
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Where the hub started as {@code name} writes its output. */
    public Path log(String name) {
        return data.resolve("hub-" + name + ".log");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Process::destroyForcibly);
    }
}
