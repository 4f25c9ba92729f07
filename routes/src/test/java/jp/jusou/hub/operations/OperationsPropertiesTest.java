package jp.jusou.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The operations module's defaults live in its records alone (application.yaml does not repeat them). */
class OperationsPropertiesTest {

    static <T> T bind(String prefix, Class<T> type, Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(prefix, type);
    }

    @Test
    void theConsolesDefaults() {
        ConsoleProperties console = bind("hub.console", ConsoleProperties.class, Map.of());
        assertThat(console.queueDepthWarning()).isEqualTo(100);
        assertThat(console.oldestMessageWarning()).isEqualTo(Duration.ofMinutes(5));
        assertThat(console.bulkReplayPause()).isEqualTo(Duration.ZERO);
        assertThat(console.bulkReplayMax()).isEqualTo(1000);

        ConsoleProperties set = bind("hub.console", ConsoleProperties.class, Map.of("hub.console.queue-depth-warning", "5",
                "hub.console.bulk-replay-max", "10"));
        assertThat(set.queueDepthWarning()).isEqualTo(5);
        assertThat(set.bulkReplayMax()).isEqualTo(10);
        assertThat(set.oldestMessageWarning()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theOperationsDefaultsOnTheRecordAndTheSchedules() {
        OperationsProperties operations = bind("hub.operations", OperationsProperties.class, Map.of());
        assertThat(operations.queueDepthInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(operations.queueSampleInterval()).as("the depth interval unless set").isEqualTo(Duration.ofSeconds(10));
        assertThat(operations.replayLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(operations.replayTakeoverInterval()).isEqualTo(Duration.ofSeconds(15));
        MockEnvironment nothingSet = new MockEnvironment();
        assertThat(nothingSet.resolvePlaceholders(OperationsProperties.QUEUE_DEPTH_INTERVAL_SETTING)).isEqualTo("PT10S");
        assertThat(nothingSet.resolvePlaceholders(OperationsProperties.QUEUE_SAMPLE_INTERVAL_SETTING)).isEqualTo("PT10S");
        assertThat(nothingSet.resolvePlaceholders(OperationsProperties.REPLAY_TAKEOVER_INTERVAL_SETTING)).isEqualTo("PT15S");

        OperationsProperties fast = bind("hub.operations", OperationsProperties.class, Map.of("hub.operations.queue-depth-interval", "PT1S"));
        assertThat(fast.queueSampleInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new MockEnvironment().withProperty("hub.operations.queue-depth-interval", "PT1S")
                .resolvePlaceholders(OperationsProperties.QUEUE_SAMPLE_INTERVAL_SETTING)).isEqualTo("PT1S");
        OperationsProperties sampled = bind("hub.operations", OperationsProperties.class, Map.of("hub.operations.queue-sample-interval", "PT1M"));
        assertThat(sampled.queueSampleInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(sampled.queueDepthInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theAlertsEvaluationIntervalHasOneDefault() {
        AlertProperties alerts = bind("hub.alerts", AlertProperties.class, Map.of("hub.alerts.rules[0].id", "dead-letters",
                "hub.alerts.rules[0].kind", "dead-letters"));
        assertThat(alerts.evaluationInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(alerts.rules()).extracting(AlertProperties.Rule::kind).containsExactly("dead-letters");
        assertThat(alerts.emailTo()).isEmpty();
        assertThat(new MockEnvironment().resolvePlaceholders(AlertProperties.EVALUATION_INTERVAL_SETTING)).isEqualTo("PT15S");

        AlertProperties often = bind("hub.alerts", AlertProperties.class, Map.of("hub.alerts.evaluation-interval", "PT0.3S"));
        assertThat(often.evaluationInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(new MockEnvironment().withProperty("hub.alerts.evaluation-interval", "PT0.3S")
                .resolvePlaceholders(AlertProperties.EVALUATION_INTERVAL_SETTING)).isEqualTo("PT0.3S");
    }
}
