package jp.jusou.hub.connectors;

import static jp.jusou.hub.connectors.FileTransportTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        await(() -> Files.exists(rejected) && readQuietly(rejected).contains("broken.yaml:3"));
        assertThat(Files.readString(rejected)).contains("broken.yaml:2").contains("broken.yaml:3").contains("$.agency.kind");
        assertThat(runtime.status("omuta-broken")).isEmpty();
    }

    /** A dropped file is no way around four eyes: a new destination waits for an admin like a deploy over the API. */
    @Test
    void aDroppedChangeOfDestinationWaitsForAnAdmin() throws Exception {
        String onTheBroker = ConnectorLifecycleTest.V1.replace("omuta-sanka", "omuta-sanka-2").replace("OMUTA_SANKA", "OMUTA_SANKA_2");
        Files.writeString(WATCHED.resolve("omuta-sanka-2.yaml"), onTheBroker);
        await(() -> runtime.status("omuta-sanka-2").isPresent());
        Files.writeString(WATCHED.resolve("omuta-sanka-2.yaml"), onTheBroker.replace("outbound:\n  transport: broker",
                "outbound:\n  transport: file\n  format: json\n  directory: omuta-sanka-2/from-hub"));
        await(() -> changes.pending().stream().anyMatch(c -> c.agencyId().equals("omuta-sanka-2")));
        PendingChanges.Change pending = changes.pending().stream().filter(c -> c.agencyId().equals("omuta-sanka-2")).findFirst().orElseThrow();
        assertThat(pending.proposedBy()).isEqualTo(WatchedDirectory.FILE_DROP);
        assertThat(pending.changedFields()).contains("$.outbound.transport", "$.outbound.directory");
        assertThat(runtime.status("omuta-sanka-2").orElseThrow().outbound()).as("not applied").isEqualTo("broker");
    }

    @Autowired
    PendingChanges changes;

    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** A connector version keeps the CSV mapping it was deployed with: a changed mapping is a new version, a rollback restores the old one. */
    @Test
    void aMappingIsPinnedWithItsVersion() throws Exception {
        Path mappings = Files.createDirectories(WATCHED.resolve("mappings"));
        String carelink = Files.readString(Path.of("../connectors/mappings/carelink-houkatsu-v3.yaml"));
        Files.writeString(mappings.resolve("vendor-x.yaml"), carelink.replace("id: carelink-houkatsu-v3", "id: vendor-x"));
        String yaml = """
                agency: {id: omuta-kodomo, name: 大牟田市こども家庭センター, kind: kodomo, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_KODOMO}
                inbound: {transport: file, directory: omuta-kodomo/to-hub, format: csv, mapping: vendor-x}
                outbound: {transport: broker}
                """;
        ConnectorRuntime.Deployment first = runtime.deploy("omuta-kodomo.yaml", yaml, "test");
        Files.writeString(mappings.resolve("vendor-x.yaml"), "# vendor-x, second release\n"
                + carelink.replace("id: carelink-houkatsu-v3", "id: vendor-x"));
        ConnectorRuntime.Deployment second = runtime.deploy("omuta-kodomo.yaml", yaml, "test");
        assertThat(second.action()).as("the same definition with a changed mapping is an update").isEqualTo("update");
        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(runtime.deploy("omuta-kodomo.yaml", yaml, "test").action()).isEqualTo("unchanged");
        assertThat(runtime.definition("omuta-kodomo").orElseThrow().mappings().get("vendor-x")).contains("second release");

        runtime.rollback("omuta-kodomo", first.version(), "test");
        assertThat(runtime.definition("omuta-kodomo").orElseThrow().mappings().get("vendor-x"))
                .as("the mapping as it was with the first version").doesNotContain("second release");

        Files.writeString(mappings.resolve("vendor-x.yaml"), "id: vendor-x\ncolumns: nonsense\n");
        assertThatThrownBy(() -> runtime.deploy("omuta-kodomo.yaml", yaml, "test"))
                .isInstanceOf(InvalidConnectorException.class).hasMessageContaining("vendor-x.yaml");
    }
}
