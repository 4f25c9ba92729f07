package jp.jusou.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.platform.Clocks;

/**
 * The start of the command line of a hub or broker that a test runs as a process of its own: this JVM's
 * {@code java} and class path, and the test's clock ({@code hub.clock.offset}) passed on.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java} with a heap of {@code maxHeap} (e.g. "512m"); the main class and arguments follow. */
    public static List<String> java(String maxHeap) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                // such a process lives for seconds to minutes and spends most of them starting: the quick
                // compiler alone starts a hub about a quarter sooner (12 s against 16 s on a quiet machine)
                // and leaves the cores to the other processes of the test; one GC thread for the same reason
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path")));
        String offset = System.getProperty(Clocks.OFFSET_PROPERTY);
        if (offset != null && !offset.isBlank()) {
            command.add("-D" + Clocks.OFFSET_PROPERTY + "=" + offset); // its today is the test's (TestDates)
        }
        return command;
    }
}
