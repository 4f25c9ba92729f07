package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The sealing's defaults live in the record alone, for the sealer and for its schedule. */
class LedgerPropertiesTest {

    static LedgerProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hub.ledger", LedgerProperties.class);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        LedgerProperties ledger = bind(Map.of("hub.ledger.active-key", "k1"));
        assertThat(ledger.sealBatch()).isEqualTo(10_000);
        assertThat(ledger.sealInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new MockEnvironment().resolvePlaceholders(LedgerProperties.SEAL_INTERVAL_SETTING)).isEqualTo("PT10S");
    }

    @Test
    void settingsOverrideThem() {
        LedgerProperties ledger = bind(Map.of("hub.ledger.seal-batch", "500", "hub.ledger.seal-interval", "PT1H"));
        assertThat(ledger.sealBatch()).isEqualTo(500);
        assertThat(ledger.sealInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(new MockEnvironment().withProperty("hub.ledger.seal-interval", "PT1H")
                .resolvePlaceholders(LedgerProperties.SEAL_INTERVAL_SETTING)).isEqualTo("PT1H");
    }
}
