package jp.jusou.hub.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether the database can be reached, for the hub to stop taking messages while it cannot (the
 * readiness probe goes DOWN, consumers wait at the gate of the pipeline) and to carry on by itself
 * when it returns. Without this a database outage turned every message in flight into a dead letter.
 *
 * <p>The probe opens a connection of its own (not from the pool, whose callers would wait for the
 * pool's connection timeout) every {@code hub.database.probe-interval}, and at once when a message
 * failed with a connection error ({@link #suspect}). It logs the changes, no content. The probe runs on a
 * thread of its own: on the shared scheduler it waited behind jobs that were themselves waiting 30 s for
 * a pooled connection, and the outage went unnoticed.
 */
@Component
public class DatabaseAvailability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final String url;
    private final Properties login = new Properties();
    private final Object monitor = new Object();
    private volatile boolean available = true;
    private volatile boolean closing;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "database-probe");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseAvailability(@Value("${spring.datasource.url}") String url,
                                @Value("${spring.datasource.username:}") String user,
                                @Value("${spring.datasource.password:}") String password,
                                HubProperties properties) {
        Duration interval = properties.database().probeInterval();
        this.url = url;
        login.setProperty("user", user);
        login.setProperty("password", password);
        if (url.startsWith("jdbc:postgresql:")) {
            login.setProperty("connectTimeout", "3"); // seconds
            login.setProperty("socketTimeout", "5");
        }
        prober.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True unless the latest probe failed. */
    public boolean available() {
        return available;
    }

    /** Probes now (a message failed with what looks like a connection error); true if the database answered. */
    public boolean suspect() {
        return probe();
    }

    /** Probes the database (every {@code hub.database.probe-interval} on its own thread) and records the answer. */
    public boolean probe() {
        boolean answered;
        try (Connection connection = DriverManager.getConnection(url, login)) {
            answered = connection.isValid(3);
        } catch (SQLException | RuntimeException e) {
            answered = false;
        }
        set(answered);
        return answered;
    }

    private void set(boolean now) {
        synchronized (monitor) {
            if (available != now) {
                if (now) {
                    log.info("Database reachable again: consumers resume / データベース復旧、受信を再開します");
                } else {
                    log.warn("Database unreachable: consumers wait, readiness DOWN / データベースに接続できません、受信を停止します");
                }
            }
            available = now;
            monitor.notifyAll();
        }
    }

    /**
     * Waits until the database is reachable or the hub is stopping, probing every {@code poll}.
     *
     * @return true if reachable, false if the hub is stopping
     */
    public boolean awaitAvailable(Duration poll) {
        while (!closing) {
            if (available && probe()) {
                return true;
            }
            synchronized (monitor) {
                if (closing) {
                    break;
                }
                try {
                    monitor.wait(poll.toMillis()); // woken early by a probe's answer or the stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            probe();
        }
        return false;
    }

    /** The hub stops: nobody waits for the database any longer (their transactions roll back). */
    @EventListener(ContextClosedEvent.class)
    public void closing() {
        synchronized (monitor) {
            closing = true;
            monitor.notifyAll();
        }
        prober.shutdownNow();
    }

    /** Whether a failure means the database could not be reached (rather than a fault of the message). */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true; // SQL state class 08: connection exception
            }
        }
        return false;
    }
}
