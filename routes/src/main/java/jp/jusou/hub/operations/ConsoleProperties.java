package jp.jusou.hub.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator console's settings (prefix {@code hub.console}).
 *
 * @param queueDepthWarning    a queue longer than this is shown as a problem
 * @param oldestMessageWarning a queue whose first message waited longer than this is shown as a problem
 * @param bulkReplayPause      a pause between two replays of a bulk replay (spares the pipeline)
 * @param bulkReplayMax        at most this many messages per bulk replay
 */
@ConfigurationProperties("hub.console")
public record ConsoleProperties(Long queueDepthWarning, Duration oldestMessageWarning, Duration bulkReplayPause, Integer bulkReplayMax) {

    public long queueDepthWarningOr() {
        return queueDepthWarning == null ? 100 : queueDepthWarning;
    }

    public Duration oldestMessageWarningOr() {
        return oldestMessageWarning == null ? Duration.ofMinutes(5) : oldestMessageWarning;
    }

    public Duration bulkReplayPauseOr() {
        return bulkReplayPause == null ? Duration.ZERO : bulkReplayPause;
    }

    public int bulkReplayMaxOr() {
        return bulkReplayMax == null ? 1000 : bulkReplayMax;
    }
}
