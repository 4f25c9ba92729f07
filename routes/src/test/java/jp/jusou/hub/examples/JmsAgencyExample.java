package jp.jusou.hub.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The integration guide's Java example (docs/integration.md): an agency's system on the hub's broker
 * with JMS over AMQP 1.0 (Apache Qpid JMS). It sends a message to its inbound queue, then receives what
 * the hub delivers, storing each message before it commits (acknowledges) it, until the delivery report
 * of its message has arrived. Run by IntegrationExamplesTest against a demo hub.
 *
 * <pre>java JmsAgencyExample amqp://127.0.0.1:61616 omuta-takikan demo-omuta-takikan referral.json received/</pre>
 */
public final class JmsAgencyExample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmsAgencyExample() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode report = sendAndAwaitReport(args[0], args[1], args[2], Path.of(args[3]), Path.of(args[4]));
        System.out.println(report);
        System.exit("delivered".equals(report.at("/payload/outcome").asText()) ? 0 : 2);
    }

    /** Sends the envelope in {@code message}, then stores everything delivered to the agency until its delivery report. */
    public static JsonNode sendAndAwaitReport(String url, String agency, String secret, Path message, Path store)
            throws JMSException, IOException {
        String text = Files.readString(message, StandardCharsets.UTF_8);
        JsonNode envelope = JSON.readTree(text);
        String messageId = envelope.get("messageId").asText();
        // outside the demo: amqps://hub.example:5671 (TLS); the agency id is the user, its secret the password
        JmsConnectionFactory factory = new JmsConnectionFactory(agency, secret, url);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                MessageProducer producer = session.createProducer(session.createQueue("hub.inbound." + agency));
                TextMessage out = session.createTextMessage(text);
                if (envelope.hasNonNull("caseId")) {
                    out.setStringProperty("JMSXGroupID", "case:" + envelope.get("caseId").asText()); // one case in order
                }
                producer.send(out);
                session.commit(); // the message is on the broker now, durably

                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.outbound." + agency));
                while (true) {
                    TextMessage in = (TextMessage) consumer.receive(30_000);
                    if (in == null) {
                        throw new IllegalStateException("no delivery report for " + messageId + " within 30 s");
                    }
                    JsonNode received = store(store, in.getText());
                    session.commit(); // acknowledged only after it is stored: a crash before this redelivers it
                    if ("delivery-report".equals(received.path("type").asText())
                            && messageId.equals(received.at("/payload/inReplyTo").asText())) {
                        return received;
                    }
                }
            }
        }
    }

    /** Receives and stores what the hub delivers until nothing comes for {@code idleMillis}; returns how many. */
    public static int receiveAll(String url, String agency, String secret, Path store, long idleMillis) throws JMSException, IOException {
        JmsConnectionFactory factory = new JmsConnectionFactory(agency, secret, url);
        int count = 0;
        try (Connection connection = factory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.outbound." + agency));
                for (TextMessage in; (in = (TextMessage) consumer.receive(idleMillis)) != null; count++) {
                    store(store, in.getText());
                    session.commit();
                }
            }
        }
        return count;
    }

    /** One file per message, named by sender and messageId: a redelivered message overwrites its own file. */
    private static JsonNode store(Path dir, String text) throws IOException {
        JsonNode message = JSON.readTree(text);
        Files.createDirectories(dir);
        Path file = dir.resolve(message.path("sender").asText() + "--" + message.path("messageId").asText() + ".json");
        Path part = dir.resolve(file.getFileName() + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return message;
    }
}
