package jp.jusou.hub.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How long one durable write takes on the disk under the broker's journal: a 4 KiB write followed by
 * fdatasync, repeated. Every persistent send or transaction commit waits for at least one of these
 * (the journal batches concurrent ones), so it bounds a single session's rate. Artemis's own
 * {@code artemis perf-journal} measures the same, but lives in the CLI distribution, which is not
 * served here.
 */
final class JournalProbe {

    private JournalProbe() {
    }

    static Map<String, Object> measure(Path dir, int writes) throws IOException {
        Path file = Files.createTempFile(dir, "sync-probe-", ".bin");
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < writes; i++) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block, (long) (i % 256) * 4096);
                histogram.recordValue(System.nanoTime() - start);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("writes", writes);
        figures.put("p50Ms", histogram.getValueAtPercentile(50) / 1e6);
        figures.put("p99Ms", histogram.getValueAtPercentile(99) / 1e6);
        figures.put("meanMs", histogram.getMean() / 1e6);
        return figures;
    }
}
