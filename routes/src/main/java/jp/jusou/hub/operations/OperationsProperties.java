package jp.jusou.hub.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations settings ({@code hub.operations.*}) with their defaults; application.yaml does not
 * repeat them (docs/configuration.md lists them). {@code @Scheduled} takes a placeholder rather than this
 * record: the {@code *_SETTING} constants name the setting with the same default.
 *
 * @param queueDepthInterval     how often the queue depths (gauges, dashboard) are read from the broker
 * @param queueSampleInterval    how often the queue chart's history is sampled (one instance); empty: the depth interval
 * @param replayLease            a bulk replay's lease: another instance resumes the job once it ran out
 * @param replayTakeoverInterval how often every instance looks for bulk replays whose lease ran out
 */
@ConfigurationProperties(OperationsProperties.PREFIX)
record OperationsProperties(@DefaultValue(OperationsProperties.QUEUE_DEPTH_INTERVAL) Duration queueDepthInterval,
                                   Duration queueSampleInterval,
                                   @DefaultValue("PT30S") Duration replayLease,
                                   @DefaultValue(OperationsProperties.REPLAY_TAKEOVER_INTERVAL) Duration replayTakeoverInterval) {

    static final String PREFIX = "hub.operations";
    static final String QUEUE_DEPTH_INTERVAL = "PT10S";
    static final String REPLAY_TAKEOVER_INTERVAL = "PT15S";
    static final String QUEUE_DEPTH_INTERVAL_SETTING = "${" + PREFIX + ".queue-depth-interval:" + QUEUE_DEPTH_INTERVAL + "}";
    static final String QUEUE_SAMPLE_INTERVAL_SETTING = "${" + PREFIX + ".queue-sample-interval:" + QUEUE_DEPTH_INTERVAL_SETTING + "}";
    static final String REPLAY_TAKEOVER_INTERVAL_SETTING = "${" + PREFIX + ".replay-takeover-interval:" + REPLAY_TAKEOVER_INTERVAL + "}";

    public OperationsProperties {
        if (queueSampleInterval == null) {
            queueSampleInterval = queueDepthInterval;
        }
    }
}
