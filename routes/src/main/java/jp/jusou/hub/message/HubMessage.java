package jp.jusou.hub.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One message on its way through the pipeline: what the transport said about it (who is
 * authenticated, the broker's id), the raw text, and what each step has learned so far. It lives
 * only for the length of one exchange; nothing here outlives the broker transaction.
 */
public final class HubMessage {

    /** Exchange property under which the pipeline keeps the message. */
    public static final String PROPERTY = "hub.message";

    private final String authenticatedAgency;
    private final String brokerMessageId;
    private String text;
    private int sizeBytes;
    private JsonNode tree;
    private MessageType type;
    private String messageId;
    private String groupId;
    private List<String> recipients = List.of();
    private String hubSubjectId;
    private final List<OutboundCopy> copies = new ArrayList<>();
    private final List<Reason> notes = new ArrayList<>();

    public HubMessage(String authenticatedAgency, String brokerMessageId) {
        this.authenticatedAgency = authenticatedAgency;
        this.brokerMessageId = brokerMessageId;
    }

    public String authenticatedAgency() {
        return authenticatedAgency;
    }

    public String brokerMessageId() {
        return brokerMessageId;
    }

    public String text() {
        return text;
    }

    public void text(String text, int sizeBytes) {
        this.text = text;
        this.sizeBytes = sizeBytes;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public JsonNode tree() {
        return tree;
    }

    public void tree(JsonNode tree) {
        this.tree = tree;
        JsonNode id = tree == null ? null : tree.get("messageId");
        this.messageId = id != null && id.isTextual() ? id.asText() : null;
    }

    /** The sender-assigned id, once the body parsed and carried one (not yet validated). */
    public String messageId() {
        return messageId;
    }

    public MessageType type() {
        return type;
    }

    public void type(MessageType type) {
        this.type = type;
    }

    public String sender() {
        return tree == null ? null : tree.path("sender").asText(null);
    }

    public String municipality() {
        return tree == null ? null : tree.path("municipality").asText(null);
    }

    public JsonNode payload() {
        return tree == null ? null : tree.path("payload");
    }

    /**
     * Message group for per-case order: the case, else the subject, else the message itself. A
     * sender's local subject id is personal (identity) and other agencies see the group id, so it is
     * hashed.
     */
    public String groupId() {
        if (groupId == null && tree != null) {
            groupId = groupIdOf(tree);
        }
        return groupId;
    }

    public static String groupIdOf(JsonNode tree) {
        String caseId = tree.path("caseId").asText("");
        if (!caseId.isEmpty()) {
            return "case:" + caseId;
        }
        JsonNode subject = tree.path("subject");
        String hubSubject = subject.path("hubSubjectId").asText("");
        if (!hubSubject.isEmpty()) {
            return "subject:" + hubSubject;
        }
        String local = subject.path("localId").asText("");
        if (!local.isEmpty()) {
            return "subject:" + digest(tree.path("sender").asText("") + "/" + local);
        }
        return "message:" + tree.path("sender").asText("") + "/" + tree.path("messageId").asText("");
    }

    private static String digest(String text) {
        return java.util.HexFormat.of().formatHex(Hashing.sha256(text), 0, 12);
    }

    /** The hub's pseudonymous id of the message's subject, once coordination has resolved it (or null). */
    public String hubSubjectId() {
        return hubSubjectId;
    }

    public void hubSubjectId(String hubSubjectId) {
        this.hubSubjectId = hubSubjectId;
    }

    public List<String> recipients() {
        return recipients;
    }

    public void recipients(List<String> recipients) {
        this.recipients = List.copyOf(recipients);
    }

    public List<OutboundCopy> copies() {
        return copies;
    }

    /** Reasons about a delivered message that the sender should know (a recipient left out, and why). */
    public List<Reason> notes() {
        return notes;
    }
}
