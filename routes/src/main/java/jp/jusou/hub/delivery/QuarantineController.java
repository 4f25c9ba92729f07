package jp.jusou.hub.delivery;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the quarantine: metadata only (who, which type, why, when, how big), and
 * replay, which puts the masked copy back on its sender's inbound queue to go through the pipeline
 * again. (The console and the auditor's content view are the operator-console issue's.)
 */
@RestController
public class QuarantineController {

    private final Quarantine quarantine;
    private final JmsTemplate jms;

    public QuarantineController(Quarantine quarantine, JmsTemplate jms) {
        this.quarantine = quarantine;
        this.jms = jms;
    }

    @GetMapping("/api/v1/quarantine")
    public List<Quarantine.Entry> list(@RequestParam(required = false) String sender,
                                       @RequestParam(required = false, defaultValue = "quarantined") String status,
                                       @RequestParam(defaultValue = "100") int limit) {
        return quarantine.list(sender, status, limit);
    }

    /** Marks and sends in one database transaction: a failed send leaves the entry quarantined. */
    @PostMapping("/api/v1/quarantine/{id}/replay")
    @org.springframework.transaction.annotation.Transactional
    public ResponseEntity<?> replay(@PathVariable String id, Principal principal) {
        Quarantine.Entry entry = quarantine.find(id).orElse(null);
        if (entry == null || !"quarantined".equals(entry.status())) {
            return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NOT_IN_QUARANTINE",
                    "隔離中のメッセージが見つかりません。", "No quarantined message with this id."));
        }
        String body = quarantine.maskedBody(id).orElseThrow();
        if (!quarantine.markReplayed(id, principal.getName())) {
            return Problems.response(Problems.plain(HttpStatus.CONFLICT, "ALREADY_HANDLED",
                    "既に処理されています。", "Already replayed or discarded."));
        }
        jms.convertAndSend("hub.inbound." + entry.sender(), body, m -> {
            m.setStringProperty("hub_channel", "replay");
            m.setStringProperty("hub_replay_of", id);
            return m;
        });
        return ResponseEntity.accepted().body(Map.of("quarantineId", id, "status", "replayed"));
    }
}
