package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The defaults live in the record alone: nothing set gives them, on the record and on the schedule. */
class ConnectorPropertiesTest {

    static ConnectorProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(ConnectorProperties.PREFIX, ConnectorProperties.class);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        ConnectorProperties properties = bind(Map.of());
        assertThat(properties.location()).isEqualTo("classpath*:connectors/*.yaml");
        assertThat(properties.watchDir()).as("no watched directory").isEmpty();
        assertThat(properties.mappings()).isEqualTo("classpath:connectors/mappings/");
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.webhook().allowedHosts()).as("no webhook host allowed").isEmpty();
        assertThat(properties.maxFileBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(new MockEnvironment().resolvePlaceholders(ConnectorProperties.POLL_INTERVAL_SETTING)).isEqualTo("PT2S");
    }

    @Test
    void settingsOverrideTheDefaultsEverywhere() {
        ConnectorProperties properties = bind(Map.of("hub.connectors.poll-interval", "PT10S", "hub.connectors.watch-dir", "/srv/drop",
                "hub.connectors.max-file-bytes", "1024", "hub.connectors.webhook.allowed-hosts[0]", "case.example.jp"));
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.watchDir()).isEqualTo("/srv/drop");
        assertThat(properties.maxFileBytes()).isEqualTo(1024);
        assertThat(properties.webhook().allowedHosts()).containsExactly("case.example.jp");
        assertThat(new MockEnvironment().withProperty("hub.connectors.poll-interval", "PT10S")
                .resolvePlaceholders(ConnectorProperties.POLL_INTERVAL_SETTING)).isEqualTo("PT10S");
    }
}
