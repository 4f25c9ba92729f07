package jp.jusou.hub.operations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.connectors.ConnectorRuntime;
import jp.jusou.hub.connectors.ConnectorStates;
import jp.jusou.hub.connectors.ConnectorStatus;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.delivery.QuarantineReplay;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.platform.Scope;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator console's JSON endpoints ({@code /console/api/**}, form login with a session and CSRF,
 * see platform.WebSecurity). Metadata only, except the auditor's content view, which is audited before
 * the content leaves. Every action is recorded in the {@link AuditTrail}.
 */
@RestController
@RequestMapping("/console/api")
class ConsoleController {

    private final Dashboard dashboard;
    private final Quarantine quarantine;
    private final QuarantineReplay replay;
    private final ReplayJobs jobs;
    private final ConnectorRuntime connectors;
    private final ConnectorStates states;
    private final Alerts alerts;
    private final AuditTrail audit;
    private final Visibility visibility;

    public ConsoleController(Dashboard dashboard, Quarantine quarantine, QuarantineReplay replay, ReplayJobs jobs,
                             ConnectorRuntime connectors, ConnectorStates states, Alerts alerts, AuditTrail audit,
                             Visibility visibility) {
        this.visibility = visibility;
        this.dashboard = dashboard;
        this.quarantine = quarantine;
        this.replay = replay;
        this.jobs = jobs;
        this.connectors = connectors;
        this.states = states;
        this.alerts = alerts;
        this.audit = audit;
    }

    /** Who is logged in, with which roles, and the CSRF token the page sends with every change. */
    @GetMapping("/me")
    public Map<String, Object> me(Authentication authentication, CsrfToken csrf) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", authentication.getName());
        me.put("roles", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).toList());
        me.put("municipality", Scope.of(authentication).municipality()); // null: a provider account, all municipalities
        me.put("csrf", Map.of("header", csrf.getHeaderName(), "token", csrf.getToken()));
        return me;
    }

    @GetMapping("/overview")
    public Map<String, Object> overview(Authentication who) {
        return dashboard.overview(Scope.of(who));
    }

    @GetMapping("/quarantine")
    public List<Quarantine.Entry> quarantine(@RequestParam(required = false) String agency,
                                             @RequestParam(required = false) String reason,
                                             @RequestParam(required = false) String kind,
                                             @RequestParam(required = false, defaultValue = "quarantined") String status,
                                             @RequestParam(required = false) Instant from,
                                             @RequestParam(required = false) Instant to,
                                             @RequestParam(defaultValue = "200") int limit, Authentication who) {
        return quarantine.list(new Quarantine.Filter(blank(agency), "all".equals(status) ? null : blank(status), blank(reason),
                blank(kind), from, to), limit, visibility.agencies(Scope.of(who)));
    }

    /** The entry if the login's municipality sent it (another municipality's is as if it did not exist). */
    private java.util.Optional<Quarantine.Entry> visibleEntry(String id, Authentication who) {
        return quarantine.find(id).filter(e -> visibility.agency(Scope.of(who), e.sender()));
    }

    @GetMapping("/quarantine/{id}")
    public ResponseEntity<?> entry(@PathVariable String id, Authentication who) {
        return visibleEntry(id, who).<ResponseEntity<?>>map(entry -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entry", entry);
            body.put("reasons", quarantine.reasons(id));
            body.put("statusChange", quarantine.statusChange(id).orElse(null));
            return ResponseEntity.ok(body);
        }).orElseGet(ConsoleController::notFound);
    }

    /** AUDITOR only: the stored (個人番号-masked) copy. The viewing is recorded before the content is read. */
    @GetMapping("/quarantine/{id}/content")
    public ResponseEntity<?> content(@PathVariable String id, Authentication principal) {
        var entry = visibleEntry(id, principal);
        if (entry.isEmpty()) {
            return notFound();
        }
        audit.record(principal.getName(), "content-view", id, null, municipality(entry.get()));
        return ResponseEntity.ok(Map.of("quarantineId", id, "bodyMasked", quarantine.maskedBody(id).orElse("")));
    }

    @PostMapping("/quarantine/{id}/replay")
    public ResponseEntity<?> replay(@PathVariable String id, Authentication principal) {
        var entry = visibleEntry(id, principal);
        if (entry.isEmpty()) {
            return notFound();
        }
        MDC.put("quarantineId", id);
        try {
            return switch (replay.replay(id, principal.getName())) {
                case replayed -> {
                    audit.record(principal.getName(), "replay", id, null, municipality(entry.get()));
                    yield ResponseEntity.accepted().body(Map.of("quarantineId", id, "status", "replayed"));
                }
                case not_found -> notFound();
                case already_handled -> alreadyHandled();
            };
        } finally {
            MDC.remove("quarantineId");
        }
    }

    public record DiscardRequest(String reason) {
    }

    @PostMapping("/quarantine/{id}/discard")
    public ResponseEntity<?> discard(@PathVariable String id, @RequestBody(required = false) DiscardRequest request,
                                     Authentication principal) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            return Problems.response(Problems.plain(HttpStatus.BAD_REQUEST, "REASON_REQUIRED",
                    "破棄の理由を入力してください。", "A reason for the discard is required."));
        }
        var entry = visibleEntry(id, principal);
        if (entry.isEmpty()) {
            return notFound();
        }
        if (!quarantine.discard(id, principal.getName(), reason)) {
            return alreadyHandled();
        }
        audit.record(principal.getName(), "discard", id, reason, municipality(entry.get()));
        return ResponseEntity.ok(Map.of("quarantineId", id, "status", "discarded"));
    }

    public record BulkReplayRequest(List<String> quarantineIds) {
    }

    @PostMapping("/replay-jobs")
    public ResponseEntity<?> bulkReplay(@RequestBody BulkReplayRequest request, Authentication principal) {
        if (request.quarantineIds() == null || request.quarantineIds().isEmpty()) {
            return Problems.response(Problems.plain(HttpStatus.BAD_REQUEST, "NOTHING_TO_REPLAY",
                    "再送するメッセージがありません。", "No messages to replay."));
        }
        if (!Scope.of(principal).provider() && request.quarantineIds().stream().anyMatch(id -> visibleEntry(id, principal).isEmpty())) {
            return notFound(); // one of another municipality's: nothing replayed, nothing revealed
        }
        return ResponseEntity.accepted().body(jobs.start(request.quarantineIds(), principal.getName()));
    }

    @GetMapping("/replay-jobs")
    public List<ReplayJobs.Job> replayJobs(Authentication who) {
        return jobs.recent(20).stream().filter(job -> visibleJob(job.jobId(), who)).toList();
    }

    /** A bulk replay is visible when every message in it is. */
    private boolean visibleJob(String jobId, Authentication who) {
        Scope scope = Scope.of(who);
        return scope.provider() || jobs.senders(jobId).stream().allMatch(sender -> visibility.agency(scope, sender));
    }

    @GetMapping("/replay-jobs/{jobId}")
    public ResponseEntity<?> replayJob(@PathVariable String jobId, Authentication who) {
        return jobs.find(jobId).filter(job -> visibleJob(jobId, who)).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(ConsoleController::notFound);
    }

    @PostMapping("/replay-jobs/{jobId}/cancel")
    public ResponseEntity<?> cancel(@PathVariable String jobId, Authentication principal) {
        if (jobs.find(jobId).filter(job -> visibleJob(jobId, principal)).isEmpty()) {
            return notFound();
        }
        jobs.cancel(jobId, principal.getName());
        return ResponseEntity.ok(jobs.find(jobId).orElseThrow());
    }

    @GetMapping("/connectors")
    public List<ConnectorStatus> connectors(Authentication who) {
        Scope scope = Scope.of(who);
        return states.statuses().stream().filter(s -> visibility.agency(scope, s.agencyId())).toList();
    }

    /** Pause or resume; the connector room publishes ConnectorChanged, which the audit trail records. */
    @PostMapping("/connectors/{agencyId}/{action:pause|resume}")
    public ResponseEntity<?> connector(@PathVariable String agencyId, @PathVariable String action, Authentication principal) {
        if (connectors.status(agencyId).isEmpty() || !visibility.agency(Scope.of(principal), agencyId)) {
            return notFound();
        }
        if ("pause".equals(action)) {
            connectors.pause(agencyId, principal.getName());
        } else {
            connectors.resume(agencyId, principal.getName());
        }
        return ResponseEntity.ok(states.status(agencyId).orElseThrow());
    }

    @GetMapping("/alerts")
    public List<Alerts.Alert> alerts(Authentication who) {
        Scope scope = Scope.of(who);
        return alerts.list(200).stream().filter(a -> visibility.alert(scope, a)).toList();
    }

    @GetMapping("/audit")
    public List<AuditTrail.Event> audit(@RequestParam(required = false) String action, @RequestParam(defaultValue = "100") int limit,
                                        Authentication who) {
        return audit.recent(blank(action), limit, Scope.of(who));
    }

    private String municipality(Quarantine.Entry entry) {
        return visibility.municipality(entry.sender());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ResponseEntity<?> notFound() {
        return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "NOT_FOUND", "見つかりません。", "Not found."));
    }

    private static ResponseEntity<?> alreadyHandled() {
        return Problems.response(Problems.plain(HttpStatus.CONFLICT, "ALREADY_HANDLED", "既に処理されています。",
                "Already replayed or discarded."));
    }
}
