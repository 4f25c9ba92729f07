package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import jp.jusou.hub.platform.HubProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RedeliveryBackOffTest {

    static RedeliveryBackOff backOff() {
        Map<String, String> settings = Map.of("hub.data-dir", "target", "hub.broker.redelivery-delay-ms", "500",
                "hub.broker.redelivery-multiplier", "2.0", "hub.broker.max-redelivery-delay-ms", "3000",
                "hub.broker.max-delivery-attempts", "6");
        HubProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bind("hub", HubProperties.class).get();
        return new RedeliveryBackOff(properties);
    }

    @Test
    void theWaitGrowsFromTheInitialDelayUpToTheMaximum() {
        RedeliveryBackOff backOff = backOff();
        assertThat(backOff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backOff.delayAfter(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backOff.delayAfter(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(backOff.delayAfter(4)).isEqualTo(Duration.ofMillis(3000));
        assertThat(backOff.delayAfter(20)).isEqualTo(Duration.ofMillis(3000));
    }
}
