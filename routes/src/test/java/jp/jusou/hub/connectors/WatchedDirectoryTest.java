package jp.jusou.hub.connectors;

import static jp.jusou.hub.connectors.FileTransportTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** IT staff drop a definition into the watched directory: deployed without a restart; a broken one is refused beside it. */
class WatchedDirectoryTest extends HubTestSupport {

    static final Path WATCHED = createWatched();

    static Path createWatched() {
        try {
            return Files.createTempDirectory("connectors-watched");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void watchedDirectory(DynamicPropertyRegistry registry) {
        registry.add("hub.connectors.watch-dir", WATCHED::toString);
    }

    @Autowired
    ConnectorRuntime runtime;

    @Test
    void aDroppedDefinitionIsDeployedAndABrokenOneRefusedBesideIt() throws Exception {
        Files.writeString(WATCHED.resolve("omuta-sanka.yaml"), ConnectorLifecycleTest.V1);
        await(() -> runtime.status("omuta-sanka").isPresent());
        assertThat(runtime.versions("omuta-sanka").get(0).deployedBy()).isEqualTo("file-drop");
        try (AgencyClient sanka = agency("omuta-sanka")) {
            String id = ConnectorLifecycleTest.sendConsent(sanka, "omuta-sanka");
            assertThat(sanka.receiveReport(id, java.time.Duration.ofSeconds(20)).at("/payload/outcome").asText()).isEqualTo("delivered");
        }

        // an edit to the same file updates the connector
        Files.writeString(WATCHED.resolve("omuta-sanka.yaml"), ConnectorLifecycleTest.V1.replace("参加支援事業所", "参加支援センター"));
        await(() -> runtime.status("omuta-sanka").map(s -> s.version() == 2).orElse(false));

        Files.writeString(WATCHED.resolve("broken.yaml"), "agency:\n  id: omuta-broken\n  kind: nowhere\n");
        Path rejected = WATCHED.resolve("broken.yaml.rejected.txt");
        await(() -> Files.exists(rejected));
        assertThat(Files.readString(rejected)).contains("broken.yaml:2").contains("broken.yaml:3").contains("$.agency.kind");
        assertThat(runtime.status("omuta-broken")).isEmpty();
    }
}
