package jp.jusou.hub.message;

/**
 * The names on the broker: the queues agencies depend on, the hub's own queue, and the message
 * properties the hub sets or reads. The one source for the code, docs/contract.md and
 * docs/api/asyncapi.yaml ({@code AsyncApiDocumentTest} checks the channels and headers there against
 * these: a public constant whose value does not start with {@code hub.} counts as a header).
 */
public final class BrokerNames {

    /** {@code hub.inbound.<agencyId>}: the agency sends, the hub consumes. */
    public static final String INBOUND_PREFIX = "hub.inbound.";
    /** {@code hub.outbound.<agencyId>}: the hub sends (copies, delivery reports, notices), the agency consumes. */
    public static final String OUTBOUND_PREFIX = "hub.outbound.";
    /** Messages the hub could not process after its redeliveries; operators only. */
    public static final String DEAD_LETTER_QUEUE = "hub.dlq";
    /** Messages whose time to live ran out; operators only. */
    public static final String EXPIRY_QUEUE = "hub.expired";
    /** Confirmations of committed deliveries (pipeline.DeliveryConfirmations): the hub's own queue, never dead-lettered. */
    public static final String CONFIRMATION_QUEUE = "hub.confirmed";
    /** Every agency's inbound queue, as a broker address match. */
    public static final String ALL_INBOUND = INBOUND_PREFIX + "#";
    /** Every agency's outbound queue, as a broker address match. */
    public static final String ALL_OUTBOUND = OUTBOUND_PREFIX + "#";

    /** The message group: one case (or subject) is processed and delivered in order. */
    public static final String GROUP_ID = "JMSXGroupID";
    /** The broker's duplicate-detection id: the same id again is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The message's contract type (MessageType's wire name) on every message the hub sends. */
    public static final String TYPE = "hub_type";
    /** The envelope's sender ({@code hub} for what the hub issues). */
    public static final String SENDER = "hub_sender";
    /** The envelope's messageId. */
    public static final String MESSAGE_ID = "hub_message_id";
    /** The hub's subject id, when the hub has assigned one. */
    public static final String SUBJECT_ID = "hub_subject_id";
    /** How a message came in when not over the broker: {@code http}, {@code replay}. */
    public static final String CHANNEL = "hub_channel";
    /** The quarantine id a replayed message comes from. */
    public static final String REPLAY_OF = "hub_replay_of";

    private BrokerNames() {
    }

    public static String inbound(String agencyId) {
        return INBOUND_PREFIX + agencyId;
    }

    public static String outbound(String agencyId) {
        return OUTBOUND_PREFIX + agencyId;
    }

    /** Whether this is an agency's inbound queue. */
    public static boolean isInbound(String queue) {
        return queue != null && queue.startsWith(INBOUND_PREFIX);
    }

    /** Whether this is an agency's outbound queue. */
    public static boolean isOutbound(String queue) {
        return queue != null && queue.startsWith(OUTBOUND_PREFIX);
    }

    /** The agency whose inbound or outbound queue this is. */
    public static String agencyOf(String queue) {
        if (isInbound(queue)) {
            return queue.substring(INBOUND_PREFIX.length());
        }
        if (isOutbound(queue)) {
            return queue.substring(OUTBOUND_PREFIX.length());
        }
        throw new IllegalArgumentException("not an agency's queue: " + queue);
    }
}
