package jp.jusou.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/inbox?max=N} and {@code POST /api/v1/inbox/ack}: pull and acknowledge. */
@RestController
public class InboxController {

    private final Inbox inbox;

    public InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/api/v1/inbox")
    public Map<String, List<JsonNode>> pull(@RequestParam(defaultValue = "10") int max, Principal principal) {
        return Map.of("messages", inbox.pull(principal.getName(), max));
    }

    @PostMapping("/api/v1/inbox/ack")
    public ResponseEntity<?> ack(@RequestBody JsonNode body, Principal principal) {
        JsonNode ids = body.get("messageIds");
        if (ids == null || !ids.isArray()) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.SCHEMA_VIOLATION, "$.messageIds"));
        }
        List<String> list = new java.util.ArrayList<>();
        ids.forEach(id -> list.add(id.asText()));
        return ResponseEntity.ok(Map.of("acknowledged", inbox.ack(principal.getName(), list)));
    }
}
