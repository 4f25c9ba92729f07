package jp.jusou.hub.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TemporaryQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jusou.hub.connectors.Agency;
import jp.jusou.hub.connectors.AgencyDirectory;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code hub_queue_depth{queue}}: messages waiting on every agency's inbound and outbound queue and on
 * the dead-letter queue, read from the broker's management address (so it works the same for the
 * embedded broker and an external one). A queue that cannot be read shows -1.
 */
@Component
public class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);
    private static final String MANAGEMENT_ADDRESS = "activemq.management";

    private final JmsTemplate jms;
    private final List<String> queues = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();

    public QueueDepths(ConnectionFactory connectionFactory, AgencyDirectory directory, MeterRegistry registry) {
        this.jms = new JmsTemplate(connectionFactory);
        this.registry = registry;
        watch("hub.dlq");
        directory.subscribe(agencies -> agencies.forEach(agency -> {
            watch(agency.inboundQueue());
            watch(agency.outboundQueue());
        }));
    }

    /** Queues stay watched after an undeploy: what waits on them is still worth seeing. */
    private synchronized void watch(String queue) {
        if (depths.containsKey(queue)) {
            return;
        }
        AtomicLong depth = new AtomicLong(-1);
        depths.put(queue, depth);
        queues.add(queue);
        Gauge.builder("hub.queue.depth", depth, AtomicLong::get).tag("queue", queue)
                .description("Messages waiting on the queue").register(registry);
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${hub.operations.queue-depth-interval}")
    public void refresh() {
        try {
            jms.execute(session -> {
                TemporaryQueue replies = session.createTemporaryQueue();
                try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                     MessageConsumer consumer = session.createConsumer(replies)) {
                    for (String queue : queues) {
                        Message request = session.createMessage();
                        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                        request.setJMSReplyTo(replies);
                        producer.send(request);
                        Message reply = consumer.receive(2000);
                        depths.get(queue).set(countOf(reply));
                    }
                } finally {
                    replies.delete();
                }
                return null;
            }, true);
        } catch (RuntimeException e) {
            depths.values().forEach(d -> d.set(-1));
            log.warn("Queue depths could not be read from the broker: {}", e.getClass().getSimpleName());
        }
    }

    private static long countOf(Message reply) {
        try {
            return reply != null && JMSManagementHelper.hasOperationSucceeded(reply)
                    ? ((Number) JMSManagementHelper.getResult(reply)).longValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
