package jp.jusou.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An agency's system on the broker, for tests: logs in over TCP as its own broker user, sends to
 * {@code hub.inbound.<id>} and receives from {@code hub.outbound.<id>}.
 */
public class AgencyClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Connection connection;
    private final Session session;
    private MessageConsumer consumer;

    public AgencyClient(String url, String id, String secret) {
        this(new ActiveMQConnectionFactory(url, id, secret), id);
    }

    /** Over AMQP with TLS, as agencies reach a deployed broker: {@code amqps://host:port}, trusting the given context's CAs. */
    public static AgencyClient amqps(String url, javax.net.ssl.SSLContext tls, String id, String secret) {
        org.apache.qpid.jms.JmsConnectionFactory factory = new org.apache.qpid.jms.JmsConnectionFactory(id, secret, url);
        factory.setSslContext(tls);
        return new AgencyClient(factory, id);
    }

    public AgencyClient(jakarta.jms.ConnectionFactory factory, String id) {
        this.id = id;
        try {
            this.connection = factory.createConnection();
            this.connection.start();
            this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public Session session() {
        return session;
    }

    public void send(String json) {
        send(json, null);
    }

    public void send(String json, String groupId) {
        try (MessageProducer producer = session.createProducer(session.createQueue("hub.inbound." + id))) {
            TextMessage message = session.createTextMessage(json);
            if (groupId != null) {
                message.setStringProperty("JMSXGroupID", groupId);
            }
            producer.send(message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public void sendBytes(byte[] body) {
        try (MessageProducer producer = session.createProducer(session.createQueue("hub.inbound." + id))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            producer.send(message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message on this agency's outbound queue, or null after the timeout. */
    public Message receiveRaw(Duration timeout) {
        try {
            if (consumer == null) {
                consumer = session.createConsumer(session.createQueue("hub.outbound." + id));
            }
            return consumer.receive(timeout.toMillis());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private Session storingSession;
    private MessageConsumer storingConsumer;

    /**
     * Receives the next message as the integration guide asks an agency to: store first, acknowledge
     * second ({@code CLIENT_ACKNOWLEDGE} on a session of its own). {@code store} gets the message and the
     * broker's id of this copy (its JMSMessageID: the same when the broker offers the same copy again,
     * as it may after a failover cut off an acknowledgement). Returns false if nothing came in time.
     */
    public boolean receiveStored(Duration timeout, java.util.function.BiConsumer<JsonNode, String> store) {
        try {
            if (storingConsumer == null) {
                storingSession = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                storingConsumer = storingSession.createConsumer(storingSession.createQueue("hub.outbound." + id));
            }
            Message message = storingConsumer.receive(timeout.toMillis());
            if (message == null) {
                return false;
            }
            store.accept(JSON.readTree(((TextMessage) message).getText()), message.getJMSMessageID());
            message.acknowledge();
            return true;
        } catch (JMSException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode receive(Duration timeout) {
        Message message = receiveRaw(timeout);
        if (message == null) {
            return null;
        }
        try {
            return JSON.readTree(((TextMessage) message).getText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything that arrives until nothing more comes for {@code quiet}. */
    public List<JsonNode> receiveUntilQuiet(Duration quiet) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode next;
        while ((next = receive(quiet)) != null) {
            all.add(next);
        }
        return all;
    }

    /** The next message with this messageId (others are skipped), or null after the timeout. */
    public JsonNode receiveMessage(String messageId, Duration timeout) {
        return receiveWhere(m -> messageId.equals(m.path("messageId").asText()), timeout);
    }

    /** The delivery report about this messageId (others are skipped), or null after the timeout. */
    public JsonNode receiveReport(String inReplyTo, Duration timeout) {
        return receiveWhere(m -> "delivery-report".equals(m.path("type").asText())
                && inReplyTo.equals(m.at("/payload/inReplyTo").asText()), timeout);
    }

    /** Messages received while waiting for another one: kept for the next search, in arrival order. */
    private final List<JsonNode> pending = new ArrayList<>();

    /** Everything received so far that no search has taken, then everything until nothing comes for {@code quiet}. */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> all = new ArrayList<>(pending);
        pending.clear();
        all.addAll(receiveUntilQuiet(quiet));
        return all;
    }

    public JsonNode receiveWhere(java.util.function.Predicate<JsonNode> wanted, Duration timeout) {
        for (java.util.Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
            JsonNode earlier = it.next();
            if (wanted.test(earlier)) {
                it.remove();
                return earlier;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode next = receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (next != null) {
                if (wanted.test(next)) {
                    return next;
                }
                pending.add(next);
            }
        }
        return null;
    }

    /** The next message of the given type (others are skipped), or null after the timeout. */
    public JsonNode receiveType(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode next = receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (next != null && type.equals(next.path("type").asText())) {
                return next;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
