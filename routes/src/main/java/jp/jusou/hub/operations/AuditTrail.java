package jp.jusou.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.jusou.hub.connectors.ConnectorChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Who did what and when, in the database (shared by every instance): replay, discard, content view,
 * bulk replay, connector changes, console logins, alert transitions. Ids, codes and the operator's
 * own words only; never message content.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    public record Event(String eventId, Instant occurredAt, String actor, String action, String target, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditTrail(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Event record(String actor, String action, String target, String detail) {
        Event event = new Event("A-" + UUID.randomUUID(), clock.instant(), truncate(actor, 64), truncate(action, 40),
                truncate(target, 200), truncate(detail, 1000));
        jdbc.update("INSERT INTO audit_event (event_id, occurred_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)",
                event.eventId(), Timestamp.from(event.occurredAt()), event.actor(), event.action(), event.target(), event.detail());
        log.info("audit action={} actor={} target={}", event.action(), event.actor(), event.target());
        return event;
    }

    /** The latest events, newest first, optionally of one action. */
    public List<Event> recent(String action, int limit) {
        String sql = "SELECT * FROM audit_event" + (action == null ? "" : " WHERE action = ?")
                + " ORDER BY occurred_at DESC, event_id LIMIT " + Math.max(1, Math.min(limit, 1000));
        Object[] args = action == null ? new Object[0] : new Object[] {action};
        return jdbc.query(sql, (rs, i) -> new Event(rs.getString("event_id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail")), args);
    }

    @EventListener
    public void connectorChanged(ConnectorChanged change) {
        record(change.actor() == null ? "system" : change.actor(), "connector-" + change.action(), change.agencyId(),
                change.version() == null ? change.detail() : "version " + change.version()
                        + (change.detail() == null ? "" : ": " + change.detail()));
    }

    /** Form logins to the console (HTTP Basic calls of the API are not interactive and not recorded). */
    @EventListener
    public void loggedIn(InteractiveAuthenticationSuccessEvent login) {
        record(login.getAuthentication().getName(), "login", null, null);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
