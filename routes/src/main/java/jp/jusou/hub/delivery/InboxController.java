package jp.jusou.hub.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/inbox?max=N} and {@code POST /api/v1/inbox/ack}: pull and acknowledge. */
@Tag(name = "Inbox", description = "Agencies without a broker connection pull their outbound messages")
@RestController
class InboxController {

    private final Inbox inbox;
    private final ObjectMapper json;

    public InboxController(Inbox inbox, ObjectMapper json) {
        this.inbox = inbox;
        this.json = json;
    }

    /** The leased messages as they were delivered, written by the hub's message mapper. */
    @Operation(summary = "Pull up to max outbound messages", description = "Each message is a full envelope as on hub.outbound.<agency>. A pulled message is leased; unacknowledged, it is offered again after the visibility timeout (hub.inbox.visibility-timeout).")
    @ApiResponse(responseCode = "200", description = "{\"messages\": [envelope, ...]}")
    @GetMapping("/api/v1/inbox")
    public ResponseEntity<String> pull(@RequestParam(defaultValue = "10") int max, Principal principal) throws JsonProcessingException {
        ObjectNode body = json.createObjectNode();
        body.putArray("messages").addAll(inbox.pull(principal.getName(), max));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
    }

    /**
     * The body of an acknowledgement: the ids of the messages the agency has stored ({@code messageIds}),
     * and/or {@code messages} as [{sender, messageId}] for an agency that receives the same id from
     * two senders (messageIds are unique per sender only).
     */
    public record Ack(List<String> messageIds, List<Inbox.Key> messages) {
    }

    @Operation(summary = "Acknowledge pulled messages", description = "messageIds acknowledges the copies with those ids already offered to the caller; messages [{sender, messageId}] names one copy exactly (messageIds are unique per sender only).")
    @ApiResponse(responseCode = "200", description = "{\"acknowledged\": n}")
    @ApiResponse(responseCode = "400", description = "Neither messageIds nor messages, or an incomplete entry (SCHEMA_VIOLATION)")
    @PostMapping("/api/v1/inbox/ack")
    public ResponseEntity<?> ack(@RequestBody Ack body, Principal principal) {
        if (body.messageIds() == null && body.messages() == null) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.SCHEMA_VIOLATION, "$.messageIds"));
        }
        List<Inbox.Key> exact = body.messages() == null ? List.of() : body.messages();
        if (exact.stream().anyMatch(k -> k == null || k.sender() == null || k.messageId() == null)) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.SCHEMA_VIOLATION, "$.messages"));
        }
        List<String> ids = body.messageIds() == null ? List.of() : body.messageIds();
        return ResponseEntity.ok(Map.of("acknowledged", inbox.ack(principal.getName(), ids, exact)));
    }
}
