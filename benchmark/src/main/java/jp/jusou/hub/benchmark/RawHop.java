package jp.jusou.hub.benchmark;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.jusou.hub.benchmark.LoadGenerator.Login;
import jp.jusou.hub.message.BrokerNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The honest baseline of one hop: what the hub's pipeline must do on the broker for each message, and
 * nothing else. K sessions (as many as the hub's intake consumers), each on its own in-VM connection
 * like the hub's, each in a loop: receive from {@code bench.hop.in} in a local JMS transaction, send a
 * persistent copy of the same body to {@code bench.hop.out} with the same group id and a duplicate id
 * shaped like the hub's, send a small delivery report to {@code bench.hop.reports}, commit. The hub
 * adds parsing, validation, policy and its database work on top of exactly this.
 */
final class RawHop implements AutoCloseable {

    static final String IN = "bench.hop.in";
    static final String OUT = "bench.hop.out";
    static final String REPORTS = "bench.hop.reports";

    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    final AtomicReference<Throwable> error = new AtomicReference<>();

    RawHop(String vmUrl, Login hub, int sessions) throws JMSException {
        for (int i = 0; i < sessions; i++) {
            Connection connection = new ActiveMQConnectionFactory(vmUrl, hub.user(), hub.password()).createConnection();
            connections.add(connection);
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(IN));
            MessageProducer copies = session.createProducer(session.createQueue(OUT));
            MessageProducer reports = session.createProducer(session.createQueue(REPORTS));
            copies.setDeliveryMode(DeliveryMode.PERSISTENT);
            reports.setDeliveryMode(DeliveryMode.PERSISTENT);
            connection.start();
            Thread thread = new Thread(() -> loop(session, consumer, copies, reports), "bench-raw-hop-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(Session session, MessageConsumer consumer, MessageProducer copies, MessageProducer reports) {
        while (running) {
            try {
                Message in = consumer.receive(100);
                if (in == null) {
                    continue;
                }
                String body = ((TextMessage) in).getText();
                String messageId = ReferralBodies.messageIdOf(body);
                TextMessage copy = session.createTextMessage(body);
                copy.setStringProperty(BrokerNames.GROUP_ID, in.getStringProperty(BrokerNames.GROUP_ID));
                copy.setStringProperty(BrokerNames.DUPLICATE_ID, Benchmark.SENDER + "/" + messageId + "/" + Benchmark.RECIPIENT);
                copies.send(copy);
                TextMessage report = session.createTextMessage("{\"payload\":{\"inReplyTo\":\"" + messageId
                        + "\",\"outcome\":\"delivered\",\"recipients\":[\"" + Benchmark.RECIPIENT + "\"]}}");
                report.setStringProperty(BrokerNames.GROUP_ID, in.getStringProperty(BrokerNames.GROUP_ID));
                report.setStringProperty(BrokerNames.DUPLICATE_ID, "report/" + messageId);
                reports.send(report);
                session.commit();
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    error.compareAndSet(null, e);
                    try {
                        session.rollback();
                    } catch (JMSException ignored) {
                        // the next receive reports a broken session again
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException ignored) {
                // after the measurement
            }
        }
    }
}
