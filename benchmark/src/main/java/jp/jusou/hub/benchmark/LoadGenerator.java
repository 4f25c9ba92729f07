package jp.jusou.hub.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import jp.jusou.hub.message.BrokerNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The load generator, the same for every scenario: P producer threads, each with its own connection,
 * session and producer (non-transacted, persistent), send the referral body to the scenario's inbound
 * queue; one receiver (AUTO_ACKNOWLEDGE, own connection) takes the messages off its outbound queue and
 * matches them to their send times by the body's messageId. Only queues and logins differ between
 * scenarios. For the hub a second consumer drains the sender's delivery reports and counts outcomes.
 */
final class LoadGenerator implements AutoCloseable {

    record Login(String user, String password) {
    }

    /**
     * What differs between scenarios: queues and logins (reportQueue/reportReader may be null), and
     * whether producers send asynchronously (a confirmation window instead of blocking on each durable
     * send, so that the producers are never what limits the path measured).
     */
    record Spec(String name, String title, String inQueue, Login sender, String outQueue, Login receiver,
                String reportQueue, Login reportReader, boolean asyncSends) {
    }

    private static final long POLL_MS = 100;

    private final Spec spec;
    private final String brokerUrl;
    private final int producers;
    private final ReferralBodies bodies;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private volatile Phase current;
    private volatile boolean running = true;

    final AtomicLong strays = new AtomicLong();
    final AtomicReference<Throwable> receiveError = new AtomicReference<>();
    final LongAdder reportsDelivered = new LongAdder();
    final LongAdder reportsNotDelivered = new LongAdder();
    final Map<String, LongAdder> rejectionCodes = new ConcurrentHashMap<>();
    final AtomicReference<String> firstRejection = new AtomicReference<>();

    LoadGenerator(Spec spec, String brokerUrl, int producers, ReferralBodies bodies) {
        this.spec = spec;
        this.brokerUrl = brokerUrl;
        this.producers = producers;
        this.bodies = bodies;
    }

    Spec spec() {
        return spec;
    }

    /** Opens every connection and starts the receiver (and report drain) before anything is sent. */
    void start() throws JMSException {
        Session in = open(spec.receiver(), false);
        MessageConsumer consumer = in.createConsumer(in.createQueue(spec.outQueue()));
        startThread("receiver", () -> receive(consumer));
        if (spec.reportQueue() != null) {
            Session reports = open(spec.reportReader(), false);
            MessageConsumer reportConsumer = reports.createConsumer(reports.createQueue(spec.reportQueue()));
            startThread("reports", () -> drainReports(reportConsumer));
        }
        for (int i = 0; i < producers; i++) {
            Session session = open(spec.sender(), spec.asyncSends());
            MessageProducer producer = session.createProducer(session.createQueue(spec.inQueue()));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            senders.add(new Sender(session, producer));
        }
    }

    private Session open(Login login, boolean asyncSends) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, login.user(), login.password());
        if (asyncSends) {
            factory.setBlockOnDurableSend(false);
            factory.setConfirmationWindowSize(1024 * 1024); // confirmations drive the completion listeners
        }
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private void startThread(String role, Runnable body) {
        Thread thread = new Thread(body, "bench-" + spec.name() + "-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void receive(MessageConsumer consumer) {
        while (running) {
            try {
                Message message = consumer.receive(POLL_MS);
                if (message == null) {
                    continue;
                }
                long now = System.nanoTime();
                String id = ReferralBodies.messageIdOf(text(message));
                Phase phase = current;
                if (phase == null || !phase.arrived(id, now)) {
                    strays.incrementAndGet();
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    receiveError.compareAndSet(null, e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
                }
            }
        }
    }

    private void drainReports(MessageConsumer consumer) {
        while (running) {
            try {
                Message message = consumer.receive(POLL_MS);
                if (message == null) {
                    continue;
                }
                JsonNode payload = json.readTree(text(message)).path("payload");
                if ("delivered".equals(payload.path("outcome").asText())) {
                    reportsDelivered.increment();
                    continue;
                }
                reportsNotDelivered.increment();
                StringBuilder why = new StringBuilder(payload.path("outcome").asText("?")).append(':');
                for (JsonNode reason : payload.path("reasons")) {
                    String code = reason.path("code").asText("?");
                    rejectionCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
                    why.append(' ').append(code).append(" at ").append(reason.path("path").asText("-"))
                            .append(" (").append(reason.path("message").path("en").asText("")).append(')');
                }
                firstRejection.compareAndSet(null, payload.path("inReplyTo").asText() + " " + why);
                Phase phase = current;
                if (phase != null && phase.sequenceOf(payload.path("inReplyTo").asText(null)) >= 0) {
                    phase.rejected();
                }
            } catch (Exception e) {
                if (running) {
                    receiveError.compareAndSet(null, e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
                }
            }
        }
    }

    private static String text(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new String(body, StandardCharsets.UTF_8);
        }
        return null;
    }

    Map<String, Long> rejectionCodes() {
        Map<String, Long> codes = new TreeMap<>();
        rejectionCodes.forEach((code, count) -> codes.put(code, count.sum()));
        return codes;
    }

    /** N messages as fast as the producers can send them; latency counts from each send's start. */
    Phase throughput(String name, int messages, long timeoutNanos) throws InterruptedException {
        Phase phase = new Phase(spec.name(), name, messages);
        current = phase;
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            Sender sender = senders.get(i);
            int first = i;
            workers.add(worker(name, i, () -> {
                await(gate);
                for (int seq = first; seq < messages && phase.sendError.get() == null; seq += producers) {
                    long start = System.nanoTime();
                    phase.sendBase.set(seq, start);
                    if (!sender.send(phase, seq)) {
                        return;
                    }
                    phase.sent(start, 0);
                }
            }));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        phase.firstSendNanos = System.nanoTime();
        gate.countDown();
        finish(phase, workers, deadline, deadline);
        return phase;
    }

    /**
     * rate × seconds messages, message k intended for start + k/rate, spread round-robin over the
     * producers; each producer sends its messages on that schedule (at once when it is behind).
     * Latency counts from the intended send time, so a stalled producer does not hide the stall.
     */
    Phase fixedRate(String name, int rate, int seconds, long drainTimeoutNanos) throws InterruptedException {
        int messages = Math.multiplyExact(rate, seconds);
        Phase phase = new Phase(spec.name(), name, messages);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int seq = 0; seq < messages; seq++) {
            phase.sendBase.set(seq, start + (long) (seq * (1e9 / rate)));
        }
        current = phase;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            Sender sender = senders.get(i);
            int first = i;
            workers.add(worker(name, i, () -> {
                for (int seq = first; seq < messages && phase.sendError.get() == null; seq += producers) {
                    long due = phase.sendBase.get(seq);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long now = System.nanoTime();
                    if (!sender.send(phase, seq)) {
                        return;
                    }
                    phase.sent(now, now - due);
                }
            }));
        }
        phase.firstSendNanos = start;
        long sendDeadline = start + TimeUnit.SECONDS.toNanos(seconds) + drainTimeoutNanos;
        finish(phase, workers, sendDeadline, sendDeadline);
        return phase;
    }

    private Thread worker(String phase, int index, Runnable body) {
        Thread thread = new Thread(body, "bench-" + spec.name() + "-" + phase + "-producer-" + index);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits for the producers and then for every message, each wait bounded by its deadline. */
    private static void finish(Phase phase, List<Thread> workers, long sendDeadline, long arrivalDeadline)
            throws InterruptedException {
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(sendDeadline - System.nanoTime())));
            if (worker.isAlive()) {
                phase.sendError.compareAndSet(null, new IllegalStateException("a producer was still sending at the deadline"));
                return;
            }
        }
        if (phase.sendError.get() == null) {
            phase.awaitAll(arrivalDeadline - System.nanoTime());
        }
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        current = null;
        for (Thread thread : threads) {
            try {
                thread.join(2 * POLL_MS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException ignored) {
                // closing after the measurement: nothing left to lose
            }
        }
    }

    /** One producer: its own session, used by one thread at a time. */
    private final class Sender {
        private final Session session;
        private final MessageProducer producer;

        Sender(Session session, MessageProducer producer) {
            this.session = session;
            this.producer = producer;
        }

        /** Sends message seq of the phase; on failure records the error and returns false. */
        boolean send(Phase phase, int seq) {
            try {
                TextMessage message = session.createTextMessage(bodies.body(phase.messageId(seq), seq));
                message.setStringProperty(BrokerNames.GROUP_ID, ReferralBodies.groupId(seq));
                if (spec.asyncSends()) {
                    producer.send(message, new CompletionListener() {
                        @Override
                        public void onCompletion(Message sent) {
                        }

                        @Override
                        public void onException(Message failed, Exception e) {
                            phase.sendError.compareAndSet(null, e);
                        }
                    });
                } else {
                    producer.send(message);
                }
                return true;
            } catch (JMSException | RuntimeException e) {
                phase.sendError.compareAndSet(null, e);
                return false;
            }
        }
    }
}
