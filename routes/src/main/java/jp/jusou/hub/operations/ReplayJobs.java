package jp.jusou.hub.operations;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.jusou.hub.delivery.QuarantineReplay;
import jp.jusou.hub.platform.HubInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Bulk replay: a job with its items in the database ({@code replay_job}, {@code replay_job_item}), so
 * that every instance shows its progress and a cancel from any instance stops it. The instance that
 * created the job works through it on one background thread, reading the cancel flag before each
 * item; an item already replayed or discarded meanwhile is skipped. Each replay is audited.
 *
 * <p>The working instance holds the job's lease ({@code lease_owner}, {@code lease_until}, by the hub's
 * clock) and renews it before each item. A job whose lease ran out (its instance died or stopped) is
 * claimed by another instance ({@link #takeOverAbandoned}, a compare-and-set on the row) and resumed
 * from its first pending item; the item in hand when the instance died is replayed again or, if it
 * was replayed already, skipped as no longer quarantined.
 */
@Component
class ReplayJobs {

    private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);

    public record Job(String jobId, String createdBy, Instant createdAt, String status, int total, int replayed, int skipped,
                      boolean cancelRequested, String cancelledBy, Instant finishedAt) {
    }

    private final JdbcTemplate jdbc;
    private final QuarantineReplay replay;
    private final AuditTrail audit;
    private final ConsoleProperties properties;
    private final Clock clock;
    private final HubInstance instance;
    private final Duration lease;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bulk-replay");
        t.setDaemon(true);
        return t;
    });

    public ReplayJobs(JdbcTemplate jdbc, QuarantineReplay replay, AuditTrail audit, ConsoleProperties properties, Clock clock,
                      HubInstance instance, OperationsProperties operations) {
        this.instance = instance;
        this.lease = operations.replayLease();
        this.jdbc = jdbc;
        this.replay = replay;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    public Job start(List<String> quarantineIds, String actor) {
        List<String> ids = quarantineIds.stream().distinct().limit(properties.bulkReplayMax()).toList();
        String jobId = "J-" + UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO replay_job (job_id, created_by, created_at, status, total, replayed, skipped, cancel_requested,"
                + " lease_owner, lease_until) VALUES (?, ?, ?, 'running', ?, 0, 0, FALSE, ?, ?)", jobId, actor, Timestamp.from(now),
                ids.size(), instance.id(), Timestamp.from(now.plus(lease)));
        for (int i = 0; i < ids.size(); i++) {
            jdbc.update("INSERT INTO replay_job_item (job_id, seq, quarantine_id, status) VALUES (?, ?, ?, 'pending')", jobId, i, ids.get(i));
        }
        audit.record(actor, "bulk-replay", jobId, ids.size() + " messages");
        worker.submit(() -> run(jobId, actor));
        return find(jobId).orElseThrow();
    }

    public boolean cancel(String jobId, String actor) {
        boolean requested = jdbc.update("UPDATE replay_job SET cancel_requested = TRUE, cancelled_by = ? WHERE job_id = ?"
                + " AND status = 'running' AND cancel_requested = FALSE", actor, jobId) == 1;
        if (requested) {
            audit.record(actor, "bulk-replay-cancel", jobId, null);
        }
        return requested;
    }

    /** The senders of the messages a job replays. */
    public List<String> senders(String jobId) {
        return jdbc.queryForList("SELECT DISTINCT q.sender FROM replay_job_item i JOIN quarantine q ON q.quarantine_id = i.quarantine_id"
                + " WHERE i.job_id = ?", String.class, jobId);
    }

    public Optional<Job> find(String jobId) {
        return jdbc.query("SELECT * FROM replay_job WHERE job_id = ?", (rs, i) -> job(rs), jobId).stream().findFirst();
    }

    public List<Job> recent(int limit) {
        return jdbc.query("SELECT * FROM replay_job ORDER BY created_at DESC LIMIT " + Math.max(1, Math.min(limit, 100)),
                (rs, i) -> job(rs));
    }

    private static Job job(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Job(rs.getString("job_id"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("status"), rs.getInt("total"), rs.getInt("replayed"), rs.getInt("skipped"),
                rs.getBoolean("cancel_requested"), rs.getString("cancelled_by"), finished == null ? null : finished.toInstant());
    }

    private void run(String jobId, String actor) {
        MDC.put("replayJobId", jobId);
        try {
            List<Item> items = jdbc.query("SELECT seq, quarantine_id FROM replay_job_item WHERE job_id = ? AND status = 'pending'"
                    + " ORDER BY seq", (rs, i) -> new Item(rs.getInt(1), rs.getString(2)), jobId);
            for (Item item : items) {
                if (!renewLease(jobId)) {
                    log.info("Bulk replay {} was taken over by another instance", jobId);
                    return;
                }
                Boolean cancelled = jdbc.queryForObject("SELECT cancel_requested FROM replay_job WHERE job_id = ?", Boolean.class, jobId);
                if (Boolean.TRUE.equals(cancelled)) {
                    finish(jobId, "cancelled");
                    return;
                }
                QuarantineReplay.Result result = replay.replay(item.quarantineId(), actor);
                boolean replayed = result == QuarantineReplay.Result.replayed;
                jdbc.update("UPDATE replay_job_item SET status = ? WHERE job_id = ? AND seq = ?", replayed ? "replayed" : "skipped",
                        jobId, item.seq());
                jdbc.update(replayed ? "UPDATE replay_job SET replayed = replayed + 1 WHERE job_id = ?"
                        : "UPDATE replay_job SET skipped = skipped + 1 WHERE job_id = ?", jobId);
                if (replayed) {
                    audit.record(actor, "replay", item.quarantineId(), "bulk " + jobId);
                }
                pause();
            }
            Boolean cancelled = jdbc.queryForObject("SELECT cancel_requested FROM replay_job WHERE job_id = ?", Boolean.class, jobId);
            finish(jobId, Boolean.TRUE.equals(cancelled) ? "cancelled" : "finished");
        } catch (RuntimeException e) {
            log.warn("Bulk replay {} stopped: {}", jobId, e.getClass().getSimpleName());
            finish(jobId, "failed");
        } finally {
            MDC.remove("replayJobId");
        }
    }

    private record Item(int seq, String quarantineId) {
    }

    /**
     * Claims the running jobs whose lease ran out (their instance died or stopped) and resumes each here.
     * Runs on every instance; the claim is a compare-and-set, so one instance takes each job.
     */
    @Scheduled(initialDelayString = OperationsProperties.REPLAY_TAKEOVER_INTERVAL_SETTING,
            fixedDelayString = OperationsProperties.REPLAY_TAKEOVER_INTERVAL_SETTING)
    public int takeOverAbandoned() {
        try {
            return claimAbandoned();
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Abandoned bulk replays could not be looked for ({}); next time", e.getClass().getSimpleName());
            return 0;
        }
    }

    private int claimAbandoned() {
        Instant now = clock.instant();
        List<String[]> abandoned = jdbc.query("SELECT job_id, created_by FROM replay_job WHERE status = 'running'"
                        + " AND (lease_until IS NULL OR lease_until < ?)", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                Timestamp.from(now));
        int taken = 0;
        for (String[] job : abandoned) {
            int claimed = jdbc.update("UPDATE replay_job SET lease_owner = ?, lease_until = ? WHERE job_id = ? AND status = 'running'"
                            + " AND (lease_until IS NULL OR lease_until < ?)", instance.id(), Timestamp.from(now.plus(lease)), job[0],
                    Timestamp.from(now));
            if (claimed == 1) {
                log.info("Bulk replay {} resumed on this instance: its lease had run out", job[0]);
                audit.record("system", "bulk-replay-resume", job[0], instance.id());
                worker.submit(() -> run(job[0], job[1]));
                taken++;
            }
        }
        return taken;
    }

    /** Extends this instance's lease on the job; false when another instance holds it now. */
    private boolean renewLease(String jobId) {
        return jdbc.update("UPDATE replay_job SET lease_until = ? WHERE job_id = ? AND lease_owner = ?",
                Timestamp.from(clock.instant().plus(lease)), jobId, instance.id()) == 1;
    }

    private void finish(String jobId, String status) {
        jdbc.update("UPDATE replay_job SET status = ?, finished_at = ?, lease_until = NULL WHERE job_id = ? AND lease_owner = ?",
                status, Timestamp.from(clock.instant()), jobId, instance.id());
        log.info("Bulk replay {} {}", jobId, status);
    }

    private void pause() {
        long millis = properties.bulkReplayPause().toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
