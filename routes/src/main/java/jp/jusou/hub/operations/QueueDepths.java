package jp.jusou.hub.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.BrokerQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What waits on the broker, read from its management address (so it works the same for the embedded
 * broker and an external one): per agency inbound and outbound queue and the dead-letter queue, the
 * number of messages, the age of the oldest one and the consumers connected. A queue that cannot be
 * read shows -1.
 * <ul>
 *   <li>{@code hub_queue_depth{queue}} — messages waiting;</li>
 *   <li>{@code hub_queue_oldest_message_age_seconds{queue}} — age of the first message (0 when empty);</li>
 *   <li>{@code hub_queue_consumers{queue}} — consumers connected.</li>
 * </ul>
 * The console's chart history is {@link QueueSamples}' (in the database, the same on every instance).
 */
@Component
class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    /** One queue as last read. */
    public record QueueStats(String queue, long depth, long oldestAgeMs, long consumers, Instant readAt) {
        static QueueStats unknown(String queue) {
            return new QueueStats(queue, -1, -1, -1, null);
        }
    }

    /** Sum of the inbound and outbound depths at one moment. */
    public record Sample(long epochSecond, long inbound, long outbound, long deadLetters) {
    }

    private final JmsTemplate jms;
    private final Clock clock;
    private final MeterRegistry registry;
    private final List<String> queues = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, QueueStats> stats = new ConcurrentHashMap<>();

    public QueueDepths(ConnectionFactory connectionFactory, AgencyDirectory directory, MeterRegistry registry, Clock clock) {
        this.jms = new JmsTemplate(connectionFactory);
        this.clock = clock;
        this.registry = registry;
        watch(BrokerNames.DEAD_LETTER_QUEUE);
        directory.subscribe(agencies -> agencies.forEach(agency -> {
            watch(agency.inboundQueue());
            watch(agency.outboundQueue());
        }));
    }

    /** Queues stay watched after an undeploy: what waits on them is still worth seeing. */
    private synchronized void watch(String queue) {
        if (stats.containsKey(queue)) {
            return;
        }
        stats.put(queue, QueueStats.unknown(queue));
        queues.add(queue);
        Gauge.builder("hub.queue.depth", () -> stats.get(queue).depth()).tag("queue", queue)
                .description("Messages waiting on the queue").register(registry);
        Gauge.builder("hub.queue.oldest.message.age.seconds", () -> {
            long age = stats.get(queue).oldestAgeMs();
            return age < 0 ? -1 : age / 1000.0;
        }).tag("queue", queue).description("Age of the oldest message waiting on the queue").register(registry);
        Gauge.builder("hub.queue.consumers", () -> stats.get(queue).consumers()).tag("queue", queue)
                .description("Consumers connected to the queue").register(registry);
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = OperationsProperties.QUEUE_DEPTH_INTERVAL_SETTING)
    public void refresh() {
        Instant now = clock.instant();
        try {
            jms.execute(session -> {
                BrokerQueues.Reader reader = new BrokerQueues.Reader(session);
                try {
                    for (String queue : queues) {
                        long depth = reader.read(queue, "messageCount");
                        long consumers = reader.read(queue, "consumerCount");
                        long age = depth == 0 ? 0 : reader.read(queue, "firstMessageAge");
                        stats.put(queue, new QueueStats(queue, depth, depth > 0 && age < 0 ? 0 : age, consumers, now));
                    }
                } finally {
                    reader.close();
                }
                return null;
            }, true);
        } catch (RuntimeException e) {
            queues.forEach(q -> stats.put(q, QueueStats.unknown(q)));
            log.warn("Queue depths could not be read from the broker: {}", e.getClass().getSimpleName());
        }
    }

    /** The sums over all watched queues as last read (negative depths, unreadable queues, left out). */
    public Sample sum(Instant at) {
        long in = 0;
        long out = 0;
        for (QueueStats s : stats.values()) {
            if (s.depth() > 0 && BrokerNames.isInbound(s.queue())) {
                in += s.depth();
            } else if (s.depth() > 0 && BrokerNames.isOutbound(s.queue())) {
                out += s.depth();
            }
        }
        return new Sample(at.getEpochSecond(), in, out, Math.max(0, stats.get(BrokerNames.DEAD_LETTER_QUEUE).depth()));
    }

    public QueueStats stats(String queue) {
        return stats.getOrDefault(queue, QueueStats.unknown(queue));
    }

    public Map<String, QueueStats> all() {
        Map<String, QueueStats> copy = new LinkedHashMap<>();
        queues.forEach(q -> copy.put(q, stats.get(q)));
        return copy;
    }

}
