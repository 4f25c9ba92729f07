package jp.jusou.hub.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.connectors.ConnectorStates;
import jp.jusou.hub.connectors.ConnectorStatus;
import jp.jusou.hub.delivery.OutcomeStatistics;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.Scope;
import org.springframework.stereotype.Component;

/**
 * The console's picture of the flow, the same on every instance: per agency its connector (state from
 * the registry), traffic over the last hour (from the database) and its queues (from the broker, and
 * their chart from {@link QueueSamples}); hub-wide throughput,
 * rejection reasons, dead letters, quarantine, overdue referrals and alerts; and what is wrong now
 * ({@code problems}: codes the page turns into red marks). Agency ids, codes, counts and times only.
 */
@Component
public class Dashboard {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final AgencyDirectory directory;
    private final ConnectorStates connectors;
    private final QueueSamples samples;
    private final QueueDepths queues;
    private final OutcomeStatistics statistics;
    private final Quarantine quarantine;
    private final Alerts alerts;
    private final ConsoleProperties properties;
    private final Clock clock;
    private final Visibility visibility;

    public Dashboard(AgencyDirectory directory, ConnectorStates connectors, QueueDepths queues, QueueSamples samples,
                     OutcomeStatistics statistics, Quarantine quarantine, Alerts alerts, ConsoleProperties properties,
                     Clock clock, Visibility visibility) {
        this.visibility = visibility;
        this.directory = directory;
        this.connectors = connectors;
        this.samples = samples;
        this.queues = queues;
        this.statistics = statistics;
        this.quarantine = quarantine;
        this.alerts = alerts;
        this.properties = properties;
        this.clock = clock;
    }

    public Map<String, Object> overview() {
        return overview(Scope.ALL);
    }

    /**
     * The overview a login sees: an account of one municipality gets its agencies, their sums, its
     * quarantine and alerts; the hub-wide figures (dead-letter queue, rejection reasons, overdue
     * referrals, the per-minute series) are the provider's and are left out (empty, or -1: unknown).
     */
    public Map<String, Object> overview(Scope scope) {
        Instant now = clock.instant();
        Instant hourAgo = now.minus(WINDOW);
        Map<String, OutcomeStatistics.AgencyCounts> counts = statistics.perAgency(hourAgo, now.minus(Duration.ofDays(1)));
        Map<String, ConnectorStatus> statuses = new LinkedHashMap<>();
        connectors.statuses().forEach(s -> statuses.put(s.agencyId(), s));

        List<Map<String, Object>> agencies = new ArrayList<>();
        long in = 0;
        long delivered = 0;
        long rejected = 0;
        for (Agency agency : directory.all()) {
            if (!scope.covers(agency.municipality())) {
                continue;
            }
            OutcomeStatistics.AgencyCounts c = counts.getOrDefault(agency.id(), new OutcomeStatistics.AgencyCounts());
            in += c.in;
            delivered += c.delivered;
            rejected += c.rejected;
            ConnectorStatus status = statuses.get(agency.id());
            List<String> problems = new ArrayList<>();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("agencyId", agency.id());
            a.put("name", agency.name());
            a.put("kind", agency.kind());
            a.put("municipality", agency.municipality());
            Map<String, Object> connector = new LinkedHashMap<>();
            connector.put("state", status == null ? "unknown" : status.state());
            connector.put("version", status == null ? null : status.version());
            connector.put("changedAt", status == null ? null : status.changedAt());
            connector.put("changedBy", status == null ? null : status.changedBy());
            connector.put("error", status == null ? null : status.error());
            a.put("connector", connector);
            if (status == null || !ConnectorStatus.RUNNING.equals(status.state())) {
                problems.add("CONNECTOR_" + (status == null ? "UNKNOWN" : status.state().toUpperCase()));
            }
            a.put("lastIn", c.lastIn);
            a.put("lastOut", c.lastOut);
            a.put("in", c.in);
            a.put("out", c.out);
            a.put("rejected", c.rejected);
            a.put("inPerMinute", round(c.in / 60.0));
            a.put("outPerMinute", round(c.out / 60.0));
            a.put("inbound", queue(agency.inboundQueue(), problems));
            a.put("outbound", queue(agency.outboundQueue(), problems));
            a.put("problems", problems);
            agencies.add(a);
        }

        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("in", in);
        hub.put("delivered", delivered);
        hub.put("rejected", rejected);
        hub.put("throughputPerMinute", round(in / 60.0));
        hub.put("rejectionReasons", scope.provider() ? statistics.rejectionReasons(hourAgo) : Map.of());
        Map<String, Long> waiting = quarantine.waitingByKind(visibility.agencies(scope));
        hub.put("quarantine", waiting);
        long dlqDepth = scope.provider() ? queues.stats(BrokerNames.DEAD_LETTER_QUEUE).depth() : -1;
        hub.put("deadLetterQueue", dlqDepth);
        hub.put("deadLetters", waiting.getOrDefault("dead-letter", 0L) + Math.max(0, dlqDepth));
        double overdue = scope.provider() ? alerts.overdueReferrals() : -1;
        hub.put("overdueReferrals", overdue);
        List<String> hubProblems = new ArrayList<>();
        if ((long) hub.get("deadLetters") > 0) {
            hubProblems.add("DEAD_LETTERS");
        }
        if (overdue > 0) {
            hubProblems.add("OVERDUE_REFERRALS");
        }
        hub.put("problems", hubProblems);

        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("generatedAt", now);
        overview.put("windowMinutes", WINDOW.toMinutes());
        overview.put("thresholds", Map.of("queueDepth", properties.queueDepthWarning(),
                "oldestMessageSeconds", properties.oldestMessageWarning().toSeconds()));
        overview.put("hub", hub);
        overview.put("agencies", agencies);
        overview.put("series", scope.provider() ? series(hourAgo, now) : Map.of("minutes", List.of(),
                "delivered", List.of(), "rejected", List.of(), "queues", Map.of("t", List.of(), "inbound", List.of(),
                        "outbound", List.of(), "deadLetters", List.of())));
        overview.put("alerts", alerts.list(50).stream().filter(Alerts.Alert::raised).filter(a -> visibility.alert(scope, a)).toList());
        return overview;
    }

    private Map<String, Object> queue(String name, List<String> problems) {
        QueueDepths.QueueStats stats = queues.stats(name);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("queue", name);
        q.put("depth", stats.depth());
        q.put("oldestAgeSeconds", stats.oldestAgeMs() < 0 ? -1 : stats.oldestAgeMs() / 1000);
        q.put("consumers", stats.consumers());
        String side = BrokerNames.isInbound(name) ? "INBOUND" : "OUTBOUND";
        if (stats.depth() > properties.queueDepthWarning()) {
            problems.add(side + "_QUEUE_LONG");
        }
        if (stats.oldestAgeMs() > properties.oldestMessageWarning().toMillis()) {
            problems.add(side + "_MESSAGE_OLD");
        }
        if (stats.depth() < 0) {
            problems.add(side + "_QUEUE_UNKNOWN");
        }
        return q;
    }

    /** Per-minute outcomes over the last hour and the queue samples (both from the database), for the small charts. */
    private Map<String, Object> series(Instant from, Instant now) {
        OutcomeStatistics.Series s = statistics.perMinute(from);
        long first = from.getEpochSecond() / 60 + 1;
        long last = now.getEpochSecond() / 60;
        List<Long> minutes = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        List<Long> rejected = new ArrayList<>();
        for (long m = first; m <= last; m++) {
            minutes.add(m * 60);
            delivered.add(s.delivered().getOrDefault(m, 0L) + s.duplicate().getOrDefault(m, 0L));
            rejected.add(s.rejected().getOrDefault(m, 0L));
        }
        List<QueueDepths.Sample> history = samples.history();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("t", history.stream().map(QueueDepths.Sample::epochSecond).toList());
        q.put("inbound", history.stream().map(QueueDepths.Sample::inbound).toList());
        q.put("outbound", history.stream().map(QueueDepths.Sample::outbound).toList());
        q.put("deadLetters", history.stream().map(QueueDepths.Sample::deadLetters).toList());
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("minutes", minutes);
        series.put("delivered", delivered);
        series.put("rejected", rejected);
        series.put("queues", q);
        return series;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
