package jp.jusou.hub.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator console's settings (prefix {@code hub.console}) with their defaults; application.yaml
 * does not repeat them (docs/configuration.md lists them).
 *
 * @param queueDepthWarning    a queue longer than this is shown as a problem (red on the dashboard)
 * @param oldestMessageWarning a queue whose first message waited longer than this is shown as a problem
 * @param bulkReplayPause      a pause between two replays of a bulk replay (spares the pipeline)
 * @param bulkReplayMax        at most this many messages per bulk replay
 */
@ConfigurationProperties("hub.console")
record ConsoleProperties(@DefaultValue("100") long queueDepthWarning, @DefaultValue("PT5M") Duration oldestMessageWarning,
                                @DefaultValue("PT0S") Duration bulkReplayPause, @DefaultValue("1000") int bulkReplayMax) {
}
