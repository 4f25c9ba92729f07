package jp.jusou.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.connectors.ConnectorChanged;
import jp.jusou.hub.platform.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Who did what and when, in the database (shared by every instance): replay, discard, content view,
 * bulk replay, connector changes, console logins, alert transitions. Ids, codes and the operator's
 * own words only; never message content.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** @param municipality the municipality the event concerns (null: the whole hub), for {@link Scope} */
    public record Event(String eventId, Instant occurredAt, String actor, String action, String target, String detail,
                        String municipality) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AgencyDirectory directory;

    public AuditTrail(JdbcTemplate jdbc, Clock clock, AgencyDirectory directory) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.directory = directory;
    }

    /** An event; it concerns the municipality of its target when the target is an agency. */
    public Event record(String actor, String action, String target, String detail) {
        return record(actor, action, target, detail,
                target == null ? null : directory.find(target).map(Agency::municipality).orElse(null));
    }

    public Event record(String actor, String action, String target, String detail, String municipality) {
        Event event = new Event("A-" + UUID.randomUUID(), clock.instant(), truncate(actor, 64), truncate(action, 40),
                truncate(target, 200), truncate(detail, 1000), municipality);
        jdbc.update("INSERT INTO audit_event (event_id, occurred_at, actor, action, target, detail, municipality)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", event.eventId(), Timestamp.from(event.occurredAt()), event.actor(),
                event.action(), event.target(), event.detail(), municipality);
        log.info("audit action={} actor={} target={}", event.action(), event.actor(), event.target());
        return event;
    }

    /** The latest events, newest first, optionally of one action. */
    public List<Event> recent(String action, int limit) {
        return recent(action, limit, Scope.ALL);
    }

    /** The latest events a scope sees (an account of one municipality: only that municipality's), newest first. */
    public List<Event> recent(String action, int limit, Scope scope) {
        List<Object> args = new java.util.ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE 1 = 1");
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (!scope.provider()) {
            sql.append(" AND municipality = ?");
            args.add(scope.municipality());
        }
        sql.append(" ORDER BY occurred_at DESC, event_id LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), (rs, i) -> new Event(rs.getString("event_id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"),
                rs.getString("municipality")), args.toArray());
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
        Authentication who = login.getAuthentication();
        record(who.getName(), "login", who.getName(), "from " + (who.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown"), Scope.of(who).municipality());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
