package jp.jusou.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.jusou.hub.platform.HubInstance;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The console's queue chart: the summed queue depths sampled into {@code queue_sample} by one
 * instance at a time (ShedLock {@value #LOCK}, held for at least one interval, so two instances never
 * sample the same interval), pruned after {@link #KEEP}. Every instance draws the chart from the table,
 * so all show the same figures. Counts only.
 */
@Component
class QueueSamples {

    static final String LOCK = "queue-samples";
    static final Duration KEEP = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(QueueSamples.class);

    private final JdbcTemplate jdbc;
    private final QueueDepths queues;
    private final HubInstance instance;
    private final Clock clock;

    public QueueSamples(JdbcTemplate jdbc, QueueDepths queues, HubInstance instance, Clock clock) {
        this.jdbc = jdbc;
        this.queues = queues;
        this.instance = instance;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT3S", fixedDelayString = OperationsProperties.QUEUE_SAMPLE_INTERVAL_SETTING)
    @SchedulerLock(name = LOCK, lockAtMostFor = "PT5M",
            lockAtLeastFor = OperationsProperties.QUEUE_SAMPLE_INTERVAL_SETTING)
    public void sample() {
        Instant now = clock.instant();
        QueueDepths.Sample sum = queues.sum(now);
        try {
            jdbc.update("INSERT INTO queue_sample (sampled_at, sampled_by, inbound, outbound, dead_letters) VALUES (?, ?, ?, ?, ?)",
                    Timestamp.from(now), instance.id(), sum.inbound(), sum.outbound(), sum.deadLetters());
            jdbc.update("DELETE FROM queue_sample WHERE sampled_at < ?", Timestamp.from(now.minus(KEEP)));
        } catch (DataAccessException e) {
            log.warn("Queue sample not stored ({})", e.getClass().getSimpleName());
        }
    }

    /** The samples of the last hour, oldest first. */
    public List<QueueDepths.Sample> history() {
        return jdbc.query("SELECT sampled_at, inbound, outbound, dead_letters FROM queue_sample WHERE sampled_at >= ?"
                        + " ORDER BY sampled_at",
                (rs, i) -> new QueueDepths.Sample(rs.getTimestamp(1).toInstant().getEpochSecond(), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)), Timestamp.from(clock.instant().minus(KEEP)));
    }
}
