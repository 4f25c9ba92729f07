package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The broker connections' and the database probe's defaults live in the record alone. */
class HubPropertiesTest {

    static HubProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hub", HubProperties.class);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        HubProperties properties = bind(Map.of("hub.data-dir", "./data"));
        assertThat(properties.jms()).isEqualTo(new HubProperties.Jms(Duration.ofSeconds(1), 1, 100));
        assertThat(properties.database().probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.users()).isEmpty();
    }

    @Test
    void settingsOverrideThem() {
        HubProperties properties = bind(Map.of("hub.jms.recovery-interval", "PT5S", "hub.jms.producer-connections", "2",
                "hub.database.probe-interval", "PT0.5S"));
        assertThat(properties.jms()).isEqualTo(new HubProperties.Jms(Duration.ofSeconds(5), 2, 100));
        assertThat(properties.database().probeInterval()).isEqualTo(Duration.ofMillis(500));
    }
}
