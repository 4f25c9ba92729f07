package jp.jusou.hub.benchmark;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One batch of messages of one scenario (warm-up, throughput or fixed-rate): which messages belong to
 * it (their messageIds are {@link #prefix} + sequence number), the time each one's latency counts from,
 * and what arrived. Arrivals are recorded by the scenario's single receiver thread only, so the
 * histogram and the seen-set need no locking; everything other threads read is atomic or volatile.
 */
final class Phase {

    /** Latencies up to 10 minutes, 3 significant digits, in nanoseconds. */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    final String name;
    final String prefix;
    final int expected;
    /**
     * Per message, the time its latency counts from: the intended send time (fixed rate) or the
     * moment its send started (throughput).
     */
    final AtomicLongArray sendBase;
    /** Receiver thread only until the phase is over. */
    final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    private final BitSet seen;
    private final CountDownLatch done;
    final AtomicInteger arrived = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicReference<Throwable> sendError = new AtomicReference<>();
    volatile long firstSendNanos;
    final AtomicLong lastSendNanos = new AtomicLong();
    volatile long lastArrivalNanos;
    /** Fixed rate only: the largest delay between a message's intended and actual send start. */
    final AtomicLong maxSendLagNanos = new AtomicLong();

    Phase(String scenario, String name, int expected) {
        this.name = name;
        this.prefix = "bench." + scenario + "." + name + ".";
        this.expected = expected;
        this.sendBase = new AtomicLongArray(expected);
        this.seen = new BitSet(expected);
        this.done = new CountDownLatch(expected);
    }

    String messageId(int seq) {
        return prefix + seq;
    }

    /** The sequence number if the id belongs to this phase, else -1. */
    int sequenceOf(String messageId) {
        if (messageId == null || !messageId.startsWith(prefix)) {
            return -1;
        }
        try {
            int seq = Integer.parseInt(messageId, prefix.length(), messageId.length(), 10);
            return seq >= 0 && seq < expected ? seq : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Receiver thread only. Returns false if the id is not this phase's. */
    boolean arrived(String messageId, long nowNanos) {
        int seq = sequenceOf(messageId);
        if (seq < 0) {
            return false;
        }
        if (seen.get(seq)) {
            duplicates.incrementAndGet();
            return true;
        }
        seen.set(seq);
        long base = sendBase.get(seq);
        if (base != 0) {
            latency.recordValue(Math.min(Math.max(0, nowNanos - base), HIGHEST_TRACKABLE_NANOS));
        }
        lastArrivalNanos = nowNanos;
        arrived.incrementAndGet();
        done.countDown();
        return true;
    }

    /** A message of this phase that the hub rejected: it will never arrive. Any thread. */
    void rejected() {
        rejected.incrementAndGet();
        done.countDown();
    }

    void sent(long startNanos, long lagNanos) {
        sent.incrementAndGet();
        lastSendNanos.accumulateAndGet(startNanos, Math::max);
        if (lagNanos > 0) {
            maxSendLagNanos.accumulateAndGet(lagNanos, Math::max);
        }
    }

    boolean awaitAll(long timeoutNanos) throws InterruptedException {
        return done.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    boolean complete() {
        return done.getCount() == 0;
    }
}
