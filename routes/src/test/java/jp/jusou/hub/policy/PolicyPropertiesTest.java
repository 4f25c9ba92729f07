package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The policy's two switches default in the record alone; the kinds' classes are the policy and have none. */
class PolicyPropertiesTest {

    static PolicyProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hub.policy", PolicyProperties.class);
    }

    @Test
    void eachMunicipalityStaysItsOwnControllerByDefault() {
        PolicyProperties policy = bind(Map.of("hub.policy.kind-classes.other[0]", "identity"));
        assertThat(policy.crossMunicipality()).isFalse();
        assertThat(policy.vitalInterestMinJustification()).isEqualTo(40);
        assertThat(policy.classesFor("other")).containsExactly("identity");
        assertThat(policy.classesFor("houkatsu")).as("a kind the policy does not name receives nothing").isEmpty();
    }

    @Test
    void settingsOverrideTheDefaults() {
        PolicyProperties policy = bind(Map.of("hub.policy.cross-municipality", "true", "hub.policy.vital-interest-min-justification", "80"));
        assertThat(policy.crossMunicipality()).isTrue();
        assertThat(policy.vitalInterestMinJustification()).isEqualTo(80);
        assertThat(policy.classesFor("other")).isEmpty();
    }
}
