package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers the hub runs (embedded, bin/broker) get the ASYNCIO journal: libaio is installed
 * (.ci/run installs Debian's libaio1) and the build puts Artemis's JNI binding on java.library.path
 * (routes/pom.xml unpacks it; surefire, bin/hub, bin/broker and the benchmark point at it). Without
 * either, Artemis silently falls back to the NIO journal, whose syncs are slower.
 */
class ArtemisJournalTest {

    @Test
    void theAsyncioJournalIsAvailable(@TempDir Path dir) {
        assertThat(AIOSequentialFileFactory.isSupported())
                .as("Artemis's libaio binding did not load: install libaio (Debian: apt-get install libaio1) and build with"
                        + " Maven, which unpacks the binding to routes/target/native (java.library.path=%s)",
                        System.getProperty("java.library.path"))
                .isTrue();
        assertThat(AIOSequentialFileFactory.isSupported(dir.toFile())).as("O_DIRECT on %s", dir).isTrue();
    }
}
