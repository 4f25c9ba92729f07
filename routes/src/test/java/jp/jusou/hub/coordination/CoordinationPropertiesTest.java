package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The defaults live in the record alone: nothing set gives them, on the record and on the schedule. */
class CoordinationPropertiesTest {

    static CoordinationProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate(CoordinationProperties.PREFIX, CoordinationProperties.class);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        CoordinationProperties properties = bind(Map.of());
        assertThat(properties.defaultResponseDays()).isEqualTo(7);
        assertThat(properties.overdueCheckInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new MockEnvironment().resolvePlaceholders(CoordinationProperties.OVERDUE_CHECK_INTERVAL_SETTING)).isEqualTo("PT1M");
    }

    @Test
    void settingsOverrideTheDefaultsEverywhere() {
        CoordinationProperties properties = bind(Map.of("hub.coordination.default-response-days", "14",
                "hub.coordination.overdue-check-interval", "PT1H"));
        assertThat(properties.defaultResponseDays()).isEqualTo(14);
        assertThat(properties.overdueCheckInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(new MockEnvironment().withProperty("hub.coordination.overdue-check-interval", "PT1H")
                .resolvePlaceholders(CoordinationProperties.OVERDUE_CHECK_INTERVAL_SETTING)).isEqualTo("PT1H");
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("hub.coordination.default-response-days", "0"))).isInstanceOf(BindException.class)
                .hasRootCauseMessage("hub.coordination.default-response-days must be at least 1: 0");
        assertThatThrownBy(() -> bind(Map.of("hub.coordination.overdue-check-interval", "PT0S"))).isInstanceOf(BindException.class);
    }
}
