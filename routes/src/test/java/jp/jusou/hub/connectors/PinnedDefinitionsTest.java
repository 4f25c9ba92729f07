package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new text runs with today's mappings, a registered version with those pinned when it was deployed. */
class PinnedDefinitionsTest {

    static final String WITH_MAPPING = """
            agency: {id: omuta-houkatsu-1, name: 包括, kind: houkatsu, municipality: "402028"}
            secret: {env: HUB_SECRET_OMUTA_HOUKATSU_1}
            inbound: {transport: file, directory: omuta-houkatsu-1/to-hub, format: csv, mapping: carelink-houkatsu-v3}
            outbound: {transport: broker}
            """;

    @TempDir
    Path exchange;

    @Test
    void aNewTextPinsTheMappingItNames() {
        MappingCatalog catalog = new MappingCatalog(RuntimeFixtures.properties(exchange));
        ConnectorDefinition definition = new PinnedDefinitions(catalog).parse("omuta-houkatsu-1.yaml", WITH_MAPPING);
        assertThat(definition.mappings()).containsOnlyKeys("carelink-houkatsu-v3");
        assertThat(definition.mappings().get("carelink-houkatsu-v3")).isEqualTo(catalog.text("carelink-houkatsu-v3").orElseThrow().text());
    }

    @Test
    void aRegisteredVersionKeepsTheMappingPinnedThenAndOneFromBeforePinningGetsTodays() {
        PinnedDefinitions definitions = new PinnedDefinitions(new MappingCatalog(RuntimeFixtures.properties(exchange)));
        Map<String, String> then = Map.of("carelink-houkatsu-v3", "the text of back then");
        ConnectorRegistry.Version pinned = new ConnectorRegistry.Version("omuta-houkatsu-1", 1, "omuta-houkatsu-1.yaml", WITH_MAPPING,
                "x", "active", null, RuntimeFixtures.CLOCK.instant(), "alice", then);
        assertThat(definitions.of(pinned).mappings()).isEqualTo(then);

        ConnectorRegistry.Version unpinned = new ConnectorRegistry.Version("omuta-houkatsu-1", 1, "omuta-houkatsu-1.yaml", WITH_MAPPING,
                "x", "active", null, RuntimeFixtures.CLOCK.instant(), "alice", Map.of());
        assertThat(definitions.of(unpinned).mappings().get("carelink-houkatsu-v3")).startsWith(
                definitions.parse("omuta-houkatsu-1.yaml", WITH_MAPPING).mappings().get("carelink-houkatsu-v3"));
    }
}
