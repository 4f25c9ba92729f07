package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a connector definition may not say, each refused with the file, the line and the one cause. */
class ConnectorDefinitionsTest {

    final ConnectorDefinitions definitions = new ConnectorDefinitions(mapping -> false);

    static String yaml(String id, String municipality) {
        return """
                agency: {id: %s, name: 大牟田市参加支援事業所, kind: other, municipality: "%s"}
                secret: {env: HUB_SECRET_X}
                inbound: {transport: broker}
                outbound: {transport: broker}
                """.formatted(id, municipality);
    }

    @Test
    void aWellFormedDefinitionParses() {
        assertThat(definitions.parse("omuta-sanka.yaml", yaml("omuta-sanka", "402028")).agency().id()).isEqualTo("omuta-sanka");
    }

    @Test
    void theHubsOwnSenderIdIsReserved() {
        // an agency called "hub" could send messages that look hub-issued and receive the hub's own notices
        assertThatThrownBy(() -> definitions.parse("hub.yaml", yaml("hub", "402028")))
                .isInstanceOf(InvalidConnectorException.class)
                .hasMessageContaining("hub.yaml:1").hasMessageContaining("$.agency.id").hasMessageContaining("'hub' is reserved");
    }

    @Test
    void aMunicipalityCodeWithAWrongCheckDigitIsRefused() {
        assertThatThrownBy(() -> definitions.parse("omuta-sanka.yaml", yaml("omuta-sanka", "402029")))
                .isInstanceOf(InvalidConnectorException.class)
                .hasMessageContaining("$.agency.municipality").hasMessageContaining("check digit");
    }
}
