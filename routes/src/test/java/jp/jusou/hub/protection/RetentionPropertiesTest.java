package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The retention periods' defaults (docs/data-protection.md gives the reasons) live in the record alone. */
class RetentionPropertiesTest {

    static RetentionProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hub.retention", RetentionProperties.class);
    }

    @Test
    void nothingSetGivesTheDocumentedDefaults() {
        RetentionProperties retention = bind(Map.of());
        assertThat(retention.quarantine()).isEqualTo(Duration.ofDays(90));
        assertThat(retention.inbox()).isEqualTo(Duration.ofDays(90));
        assertThat(retention.caseSnapshots()).isEqualTo(Duration.ofDays(400));
        assertThat(retention.consentEvidence()).isEqualTo(Duration.ofDays(1826));
        assertThat(retention.exchangeFiles()).isEqualTo(Duration.ofDays(30));
        assertThat(retention.outcomes()).isEqualTo(Duration.ofDays(400));
        assertThat(retention.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(retention.lockAtLeastFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(retention.exchangeRoots()).isEmpty();
        assertThat(new MockEnvironment().resolvePlaceholders(RetentionProperties.INTERVAL_SETTING)).isEqualTo("PT1H");
    }

    @Test
    void aSettingOverridesItsDefaultOnly() {
        RetentionProperties retention = bind(Map.of("hub.retention.quarantine", "P30D", "hub.retention.interval", "PT10M",
                "hub.retention.exchange-roots[0]", "/srv/exchange"));
        assertThat(retention.quarantine()).isEqualTo(Duration.ofDays(30));
        assertThat(retention.inbox()).isEqualTo(Duration.ofDays(90));
        assertThat(retention.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(retention.exchangeRoots()).containsExactly("/srv/exchange");
        assertThat(new MockEnvironment().withProperty("hub.retention.interval", "PT10M")
                .resolvePlaceholders(RetentionProperties.INTERVAL_SETTING)).isEqualTo("PT10M");
    }
}
