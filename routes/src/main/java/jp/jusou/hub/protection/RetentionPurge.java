package jp.jusou.hub.protection;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import jp.jusou.hub.connectors.ConnectorProperties;
import jp.jusou.hub.coordination.Cases;
import jp.jusou.hub.delivery.Inbox;
import jp.jusou.hub.delivery.Outcomes;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.operations.AuditTrail;
import jp.jusou.hub.policy.Consents;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what has outlived its retention period ({@link RetentionProperties}), store by store. The
 * database part runs on one instance at a time: ShedLock's JDBC lock (table {@code shedlock}, the
 * database's own time), kept {@code lock-at-least-for} after a run so that the other instances skip
 * that round. Exchange files lie on each instance's disk, so every instance purges its own. Each
 * deletion counts on {@code hub.retention.purged} (tag {@code store}) and a run that deleted anything
 * is written to the audit trail; counts only, never what was deleted.
 */
@Component
public class RetentionPurge {

    static final String LOCK = "retention-purge";
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final RetentionProperties retention;
    private final Quarantine quarantine;
    private final Inbox inbox;
    private final Cases cases;
    private final Consents consents;
    private final Outcomes outcomes;
    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final Clock clock;
    private final List<Path> exchangeRoots = new ArrayList<>();
    private final LockingTaskExecutor lock;

    public RetentionPurge(RetentionProperties retention, Quarantine quarantine, Inbox inbox, Cases cases, Consents consents,
                          Outcomes outcomes, AuditTrail audit, MeterRegistry meters, Clock clock, DataSource dataSource,
                          ConnectorProperties connectors) {
        this.retention = retention;
        this.quarantine = quarantine;
        this.inbox = inbox;
        this.cases = cases;
        this.consents = consents;
        this.outcomes = outcomes;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
        this.lock = new DefaultLockingTaskExecutor(lockProvider(dataSource));
        exchangeRoots.add(Path.of(connectors.exchangeDir()));
        retention.exchangeRoots().forEach(root -> exchangeRoots.add(Path.of(root)));
    }

    /** ShedLock on the hub's database, timed by the database (instances' clocks may disagree). */
    static JdbcTemplateLockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
    }

    @Scheduled(fixedDelayString = RetentionProperties.INTERVAL_SETTING, initialDelayString = RetentionProperties.INTERVAL_SETTING)
    public void scheduled() {
        purgeDatabaseOnce();
        purgeExchangeFiles();
    }

    /** Purges the database unless another instance holds the lock; what each store removed, or null when skipped. */
    public Map<String, Integer> purgeDatabaseOnce() {
        Duration atMost = retention.interval().multipliedBy(2);
        try {
            LockingTaskExecutor.TaskResult<Map<String, Integer>> result = lock.executeWithLock(this::purgeDatabase,
                    // ShedLock's own time for its bookkeeping: the lock is timed by the database, not by the hub's clock
                    new LockConfiguration(net.javacrumbs.shedlock.core.ClockProvider.now(), LOCK, atMost, retention.lockAtLeastFor()));
            return result.wasExecuted() ? result.getResult() : null;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("retention purge failed", e);
        }
    }

    Map<String, Integer> purgeDatabase() {
        Instant now = clock.instant();
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("quarantine", quarantine.purgeBefore(now.minus(retention.quarantine())));
        removed.put("inbox", inbox.purgeBefore(now.minus(retention.inbox())));
        removed.put("case-snapshots", cases.purgeSnapshotsBefore(now.minus(retention.caseSnapshots())));
        removed.put("consent-evidence", consents.purgeEvidenceBefore(now.minus(retention.consentEvidence())));
        removed.put("outcomes", outcomes.purgeBefore(now.minus(retention.outcomes())));
        record(removed);
        return removed;
    }

    /** Deletes files older than their retention from every {@code done/} and {@code error/} under the exchange roots. */
    public int purgeExchangeFiles() {
        Instant cutoff = clock.instant().minus(retention.exchangeFiles());
        int removed = 0;
        for (Path root : exchangeRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> old;
            try (Stream<Path> walk = Files.walk(root)) {
                old = walk.filter(Files::isRegularFile).filter(file -> inDoneOrError(root.relativize(file)))
                        .filter(file -> modifiedBefore(file, cutoff)).toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                log.warn("retention: cannot walk an exchange root ({})", e.getClass().getSimpleName());
                continue;
            }
            for (Path file : old) {
                try {
                    removed += Files.deleteIfExists(file) ? 1 : 0;
                } catch (IOException e) {
                    log.warn("retention: an exchange file could not be deleted ({})", e.getClass().getSimpleName());
                }
            }
        }
        record(Map.of("exchange-files", removed));
        return removed;
    }

    /** Whether a file (relative to its exchange root) lies in a {@code done/} or {@code error/} directory. */
    private static boolean inDoneOrError(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (name.equals("done") || name.equals("error")) {
                return true;
            }
        }
        return false;
    }

    private static boolean modifiedBefore(Path file, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private void record(Map<String, Integer> removed) {
        removed.forEach((store, n) -> meters.counter("hub.retention.purged", "store", store).increment(n));
        if (removed.values().stream().anyMatch(n -> n > 0)) {
            String counts = removed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            audit.record("system", "retention-purge", "hub", counts);
            log.info("retention purge removed {}", counts);
        }
    }
}
