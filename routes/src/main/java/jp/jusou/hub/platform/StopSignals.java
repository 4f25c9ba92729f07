package jp.jusou.hub.platform;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * SIGTERM (systemd, an operator's {@code kill}) and SIGINT (Ctrl-C) stop the hub in order and end the
 * process with exit status 0: the application context closes (Camel stops taking messages first and
 * lets in-flight exchanges finish or roll back, then the scheduled jobs stop, then the broker
 * connection, the embedded broker and the database pool close), and only then does the JVM exit.
 * The JVM's own handling would run the same shutdown hook but exit with 143, which a service manager
 * reports as a failure. A stop that does not finish within {@link #LIMIT} halts the process, so a hub
 * whose broker is gone cannot hang on the way out.
 */
public final class StopSignals {

    /** The longest a stop may take; Camel's graceful shutdown (camel.main.shutdown-timeout) stays below it. */
    static final Duration LIMIT = Duration.ofSeconds(28);

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** From now on TERM and INT close {@code context} and exit with its exit code (0 unless a generator says otherwise). */
    public static void install(ConfigurableApplicationContext context) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop(context, signal.getName()));
        }
    }

    private static void stop(ConfigurableApplicationContext context, String signal) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
                log.warn("Stop after SIG{} took longer than {} s; halting", signal, LIMIT.toSeconds());
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "hub-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread stopper = new Thread(() -> {
            log.info("SIG{} received: stopping intake, finishing in-flight messages, then closing broker and database", signal);
            int code = SpringApplication.exit(context);
            System.exit(code);
        }, "hub-stop");
        stopper.start();
    }
}
