package jp.jusou.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.Sealing;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;

/**
 * The HTTP inbox of an agency that pulls instead of holding a broker connection. A pull moves what
 * waits on {@code hub.outbound.<agency>} into the inbox table (the database insert commits before
 * the broker transaction; a crash in between leaves a redelivered message whose insert is a no-op),
 * then leases up to {@code max} messages for the visibility timeout. An acknowledged message is
 * deleted; one whose lease ran out is offered again.
 *
 * <p>A message is held under (agency, sender, messageId): messageIds are unique per sender only, so
 * two agencies' messages with the same id are two messages, and both must reach the agency.
 *
 * <p>A waiting message is stored sealed ({@link Sealing}) with the data key of its subject (the
 * {@code hub_subject_id} property the pipeline sets on the copy), bound to its row.
 */
@Service
public class Inbox {

    private static final long RECEIVE_TIMEOUT_MS = 100;

    private final JdbcTemplate jdbc;
    private final JmsTemplate transacted;
    private final ObjectMapper json;
    private final Duration visibilityTimeout;
    private final int maxBatch;
    private final Clock clock;
    private final Sealing sealing;

    /** Where a sealed envelope belongs (its associated data names this place and the row's key). */
    public static final String ENVELOPE = "inbox_message.envelope_json";

    public Inbox(JdbcTemplate jdbc, jakarta.jms.ConnectionFactory connectionFactory, ObjectMapper json, HubProperties properties,
                 Clock clock, Sealing sealing) {
        this.sealing = sealing;
        this.jdbc = jdbc;
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.json = json;
        this.visibilityTimeout = properties.inbox().visibilityTimeout();
        this.maxBatch = properties.inbox().maxBatch();
        this.clock = clock;
    }

    public List<JsonNode> pull(String agency, int max) {
        int limit = Math.max(1, Math.min(max, maxBatch));
        moveFromBroker(agency, limit);
        return lease(agency, limit);
    }

    private void moveFromBroker(String agency, int limit) {
        Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_message WHERE agency = ?", Long.class, agency);
        int room = limit - (waiting == null ? 0 : waiting.intValue());
        if (room <= 0) {
            return;
        }
        transacted.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(BrokerNames.outbound(agency)))) {
                for (int i = 0; i < room; i++) {
                    Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (m == null) {
                        break;
                    }
                    store(agency, text(m), m.getStringProperty("hub_subject_id"));
                }
            }
            session.commit(); // after the inserts: what the broker forgets is already in the inbox
            return null;
        }, true);
    }

    /** The key an inbox row's sealed envelope is bound to. */
    public static String rowKey(String agency, String sender, String messageId) {
        return agency + "/" + sender + "/" + messageId;
    }

    private void store(String agency, String envelope, String hubSubjectId) throws JMSException {
        JsonNode tree;
        try {
            tree = json.readTree(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JMSException("outbound message is not JSON");
        }
        Key key = new Key(tree.path("sender").asText(""), tree.path("messageId").asText());
        try {
            jdbc.update("INSERT INTO inbox_message (agency, sender, message_id, envelope_json, received_at, hub_subject_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", agency, key.sender(), key.messageId(),
                    sealing.seal(hubSubjectId, ENVELOPE, rowKey(agency, key.sender(), key.messageId()), envelope),
                    Timestamp.from(clock.instant()), hubSubjectId);
        } catch (DuplicateKeyException alreadyStored) {
            // A redelivery of a message stored before a crash is in the inbox already. Anything else under
            // the same key would be lost if swallowed here: fail the pull instead, so that the broker keeps it.
            String stored = jdbc.query("SELECT envelope_json FROM inbox_message WHERE agency = ? AND sender = ? AND message_id = ?",
                    (rs, i) -> rs.getString(1), agency, key.sender(), key.messageId()).stream().findFirst()
                    .map(sealed -> sealing.open(ENVELOPE, rowKey(agency, key.sender(), key.messageId()), sealed)).orElse(null);
            if (!envelope.equals(stored)) {
                throw new IllegalStateException("inbox of " + agency + " holds another message from " + key.sender()
                        + " under the same messageId");
            }
        }
    }

    private static String text(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        return m.getBody(String.class);
    }

    private List<JsonNode> lease(String agency, int limit) {
        Instant instant = clock.instant();
        Timestamp now = Timestamp.from(instant);
        Timestamp until = Timestamp.from(instant.plus(visibilityTimeout));
        List<String[]> candidates = jdbc.query("SELECT sender, message_id, envelope_json FROM inbox_message WHERE agency = ?"
                        + " AND (leased_until IS NULL OR leased_until < ?) ORDER BY seq LIMIT " + limit,
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, agency, now);
        List<JsonNode> leased = new ArrayList<>();
        for (String[] c : candidates) {
            // conditional update: with several hub instances only one of them wins each lease
            int won = jdbc.update("UPDATE inbox_message SET leased_until = ? WHERE agency = ? AND sender = ? AND message_id = ?"
                    + " AND (leased_until IS NULL OR leased_until < ?)", until, agency, c[0], c[1], now);
            if (won == 1) {
                try {
                    leased.add(json.readTree(sealing.open(ENVELOPE, rowKey(agency, c[0], c[1]), c[2])));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("inbox row is not JSON", e);
                }
            }
        }
        return leased;
    }

    /** One message in an inbox: its sender (an agency, or "hub") and the sender's messageId. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "InboxKey") // its name in the OpenAPI document, unique there
    public record Key(String sender, String messageId) {
    }

    /**
     * Deletes acknowledged messages; returns how many of them were in the caller's inbox. A plain
     * messageId acknowledges only copies already offered to the agency: another sender's message with
     * the same id that the agency has not seen yet stays. {@code exact} names sender and messageId.
     */
    public int ack(String agency, List<String> messageIds, List<Key> exact) {
        int n = 0;
        for (String id : messageIds) {
            n += jdbc.update("DELETE FROM inbox_message WHERE agency = ? AND message_id = ? AND leased_until IS NOT NULL", agency, id);
        }
        for (Key key : exact) {
            n += jdbc.update("DELETE FROM inbox_message WHERE agency = ? AND sender = ? AND message_id = ?",
                    agency, key.sender(), key.messageId());
        }
        return n;
    }

    /** An erasure: deletes the messages about a subject still waiting in any inbox; returns how many. */
    public int eraseSubject(String hubSubjectId) {
        return jdbc.update("DELETE FROM inbox_message WHERE hub_subject_id = ?", hubSubjectId);
    }

    /**
     * Retention: deletes messages that waited since before {@code cutoff} and were never acknowledged
     * (an acknowledged message is deleted at once, by {@link #ack}); returns how many.
     */
    public int purgeBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM inbox_message WHERE received_at < ?", Timestamp.from(cutoff));
    }
}
