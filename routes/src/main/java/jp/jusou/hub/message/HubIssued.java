package jp.jusou.hub.message;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The envelope of a message the hub itself issues (delivery-report, consent-withdrawn): sender "hub". */
public final class HubIssued {

    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** The sender of every message the hub issues; no agency may have this id (ConnectorDefinitions refuses it). */
    public static final String SENDER = "hub";

    private HubIssued() {
    }

    /** A new envelope with a fresh messageId and the current time of the hub's clock (JST); the caller adds the payload. */
    public static ObjectNode envelope(MessageType type, String municipality, Clock clock) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("messageId", UUID.randomUUID().toString());
        envelope.put("type", type.wireName());
        envelope.put("schemaVersion", "1");
        envelope.put("sentAt", now(clock));
        envelope.put("sender", SENDER);
        envelope.put("municipality", municipality);
        return envelope;
    }

    /** The time on the hub's clock as a sentAt (RFC 3339, JST, milliseconds). */
    public static String now(Clock clock) {
        return OffsetDateTime.now(clock.withZone(JST)).truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
