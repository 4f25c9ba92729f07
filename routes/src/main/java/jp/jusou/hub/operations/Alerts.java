package jp.jusou.hub.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.connectors.ConnectorStates;
import jp.jusou.hub.connectors.ConnectorStatus;
import jp.jusou.hub.delivery.OutcomeStatistics;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.message.BrokerNames;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the alert rules ({@link AlertProperties}) and raises or clears alerts: once when a
 * condition starts to hold, once when it stops, never again while it holds (no alert storm). The
 * raise/clear state is a row per (rule, target) in {@code alert_state}; an instance notifies only if
 * its conditional UPDATE flipped that row, so several instances watching the same broker and database
 * send one notification between them. {@code hub_alerts_active{rule}} counts the raised alerts.
 */
@Component
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    /** An alert as the console shows it. */
    public record Alert(String ruleId, String kind, String target, boolean raised, int episode, Double value, Double threshold,
                        Instant raisedAt, Instant clearedAt) {
    }

    /** One rule's reading for one target. */
    public record Reading(AlertProperties.Rule rule, String target, double value, boolean breached) {
    }

    private final AlertProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final QueueDepths queues;
    private final ConnectorStates connectors;
    private final OutcomeStatistics statistics;
    private final Quarantine quarantine;
    private final AgencyDirectory directory;
    private final MeterRegistry registry;
    private final AlertNotifier notifier;
    private final AuditTrail audit;
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();

    public Alerts(AlertProperties properties, JdbcTemplate jdbc, Clock clock, QueueDepths queues, ConnectorStates connectors,
                  OutcomeStatistics statistics, Quarantine quarantine, AgencyDirectory directory, MeterRegistry registry,
                  AlertNotifier notifier, AuditTrail audit) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.queues = queues;
        this.connectors = connectors;
        this.statistics = statistics;
        this.quarantine = quarantine;
        this.directory = directory;
        this.registry = registry;
        this.notifier = notifier;
        this.audit = audit;
        for (AlertProperties.Rule rule : properties.rules()) {
            AtomicLong count = new AtomicLong();
            active.put(rule.id(), count);
            Gauge.builder("hub.alerts.active", count, AtomicLong::get).tag("rule", rule.id())
                    .description("Alerts of this rule raised now").register(registry);
        }
    }

    /** The periodic evaluation: on one instance at a time (ShedLock), so each alert is raised and notified once. */
    @Scheduled(initialDelayString = "PT3S", fixedDelayString = AlertProperties.EVALUATION_INTERVAL_SETTING)
    @SchedulerLock(name = "alert-evaluation", lockAtMostFor = "PT5M")
    public void scheduledEvaluation() {
        evaluate();
    }

    public void evaluate() {
        try {
            for (Reading reading : readings()) {
                apply(reading);
            }
            refreshActiveCounts();
        } catch (RuntimeException e) {
            log.warn("Alert evaluation failed: {}", e.getClass().getSimpleName());
        }
    }

    /** What every rule reads now, per target; a target whose value is unknown (broker unreadable) is left out. */
    public List<Reading> readings() {
        List<Reading> readings = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, OutcomeStatistics.AgencyCounts> counts = null;
        for (AlertProperties.Rule rule : properties.rules()) {
            switch (rule.kind()) {
                case "queue-depth", "oldest-message-age" -> {
                    for (Agency agency : directory.all()) {
                        for (String queue : List.of(agency.inboundQueue(), agency.outboundQueue())) {
                            QueueDepths.QueueStats stats = queues.stats(queue);
                            double value = "queue-depth".equals(rule.kind()) ? stats.depth() : stats.oldestAgeMs() / 1000.0;
                            if (stats.depth() >= 0 && value >= 0) {
                                readings.add(new Reading(rule, queue, value, value > rule.thresholdOr(0)));
                            }
                        }
                    }
                }
                case "connector-down" -> {
                    for (ConnectorStatus status : connectors.statuses()) {
                        boolean down = !ConnectorStatus.RUNNING.equals(status.state());
                        readings.add(new Reading(rule, status.agencyId(), down ? 1 : 0, down));
                    }
                }
                case "rejection-rate" -> {
                    if (counts == null) {
                        counts = statistics.perAgency(now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)));
                    }
                    int min = rule.minMessages() == null ? 10 : rule.minMessages();
                    for (Agency agency : directory.all()) {
                        OutcomeStatistics.AgencyCounts c = counts.getOrDefault(agency.id(), new OutcomeStatistics.AgencyCounts());
                        double rate = c.in == 0 ? 0 : (double) c.rejected / c.in;
                        readings.add(new Reading(rule, agency.id(), rate, c.in >= min && rate > rule.thresholdOr(0.5)));
                    }
                }
                case "overdue-referrals" -> {
                    double overdue = overdueReferrals();
                    if (overdue >= 0) {
                        readings.add(new Reading(rule, "hub", overdue, overdue > rule.thresholdOr(0)));
                    }
                }
                case "dead-letters" -> {
                    long waiting = quarantine.waitingByKind().getOrDefault("dead-letter", 0L);
                    long dlq = queues.stats(BrokerNames.DEAD_LETTER_QUEUE).depth();
                    double value = waiting + Math.max(0, dlq);
                    readings.add(new Reading(rule, "hub", value, value > rule.thresholdOr(0)));
                }
                default -> log.warn("Unknown alert rule kind {} in rule {}", rule.kind(), rule.id());
            }
        }
        return readings;
    }

    /** {@code hub_referrals_overdue}, which the coordination room keeps; -1 when not there. */
    public double overdueReferrals() {
        var gauge = registry.find("hub.referrals.overdue").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private void apply(Reading reading) {
        String ruleId = reading.rule().id();
        String target = reading.target();
        double threshold = reading.rule().thresholdOr(0);
        Timestamp now = Timestamp.from(clock.instant());
        if (reading.breached()) {
            boolean raised = jdbc.update("UPDATE alert_state SET raised = TRUE, episode = episode + 1, reading = ?, threshold = ?,"
                    + " raised_at = ?, cleared_at = NULL WHERE rule_id = ? AND target = ? AND raised = FALSE",
                    reading.value(), threshold, now, ruleId, target) == 1;
            if (!raised && jdbc.update("UPDATE alert_state SET reading = ? WHERE rule_id = ? AND target = ? AND raised = TRUE",
                    reading.value(), ruleId, target) == 0) {
                try {
                    raised = jdbc.update("INSERT INTO alert_state (rule_id, target, raised, episode, reading, threshold, raised_at)"
                            + " VALUES (?, ?, TRUE, 1, ?, ?, ?)", ruleId, target, reading.value(), threshold, now) == 1;
                } catch (DuplicateKeyException another) {
                    raised = false; // another instance raised it first
                }
            }
            if (raised) {
                announce(reading, "raised");
            }
        } else {
            boolean cleared = jdbc.update("UPDATE alert_state SET raised = FALSE, reading = ?, cleared_at = ?"
                    + " WHERE rule_id = ? AND target = ? AND raised = TRUE", reading.value(), now, ruleId, target) == 1;
            if (cleared) {
                announce(reading, "cleared");
            }
        }
    }

    private void announce(Reading reading, String transition) {
        log.info("alert {} rule={} target={} value={}", transition, reading.rule().id(), reading.target(), reading.value());
        audit.record("system", "alert-" + transition, reading.rule().id() + "/" + reading.target(),
                "value " + reading.value() + ", threshold " + reading.rule().thresholdOr(0));
        notifier.send(new AlertNotifier.Notice(reading.rule().id(), reading.rule().kind(), reading.target(), transition,
                reading.value(), reading.rule().thresholdOr(0), clock.instant()));
    }

    private void refreshActiveCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("SELECT rule_id, COUNT(*) FROM alert_state WHERE raised = TRUE GROUP BY rule_id",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        active.forEach((rule, count) -> count.set(counts.getOrDefault(rule, 0L)));
    }

    /** Raised alerts first (newest first), then the recently cleared. */
    public List<Alert> list(int limit) {
        Map<String, String> kinds = new java.util.HashMap<>();
        properties.rules().forEach(r -> kinds.put(r.id(), r.kind()));
        return jdbc.query("SELECT * FROM alert_state ORDER BY raised DESC, COALESCE(cleared_at, raised_at) DESC LIMIT "
                + Math.max(1, Math.min(limit, 500)), (rs, i) -> new Alert(rs.getString("rule_id"), kinds.get(rs.getString("rule_id")),
                rs.getString("target"), rs.getBoolean("raised"), rs.getInt("episode"), (Double) rs.getObject("reading", Double.class),
                (Double) rs.getObject("threshold", Double.class), instant(rs.getTimestamp("raised_at")),
                instant(rs.getTimestamp("cleared_at"))));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
