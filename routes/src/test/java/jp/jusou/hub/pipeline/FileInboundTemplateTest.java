package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file poller: its folder under the exchange root, the schema's defaults, the shared read lock. */
class FileInboundTemplateTest {

    @TempDir
    Path exchange;

    private final TemplateFixture fixture = new TemplateFixture();

    @Test
    void pollsTheFolderWithTheSchemasDefaults() throws Exception {
        RouteDefinition route = fixture.define(new FileInboundTemplate(null, TemplateFixture.exchangeUnder(exchange)),
                TemplateFixture.connector("{transport: file, directory: k/in, format: json}", "{transport: broker}"),
                "connector-omuta-kodomo-in", false);

        String uri = TemplateFixture.uri(route);
        assertThat(uri).startsWith("file:" + exchange.resolve("k/in").toAbsolutePath().normalize() + "?");
        assertThat(Files.isDirectory(exchange.resolve("k/in"))).isTrue();
        // pollInterval PT5S, stableFor PT2S: the connector schema's defaults
        assertThat(uri).contains("&delay=5000&initialDelay=1000", "&readLockMinAge=2000", "&readLockCheckInterval=1000",
                "&readLockTimeout=30000", "&readLockIdempotentReleaseDelay=15000", "readLock=idempotent-changed",
                "idempotentRepository=#fileReadLockRepository", "move=done/${file:name}&moveFailed=error/${file:name}");
        assertThat(uri).doesNotContain("doneFileName");
        assertThat(route.getRouteId()).isEqualTo("connector-omuta-kodomo-in");
        assertThat(route.getAutoStartup()).isEqualTo("true");
        assertThat(TemplateFixture.stepIds(route)).containsExactly("read-file-to-inbound", "unreadable-file-to-error");
    }

    @Test
    void theDefinitionsOwnSettingsWinAndAPausedConnectorStaysStopped() throws Exception {
        RouteDefinition route = fixture.define(new FileInboundTemplate(null, TemplateFixture.exchangeUnder(exchange)),
                TemplateFixture.connector("{transport: file, directory: k/in, format: json, doneFile: '${file:name}.done',"
                        + " stableFor: PT4S, schedule: {pollInterval: PT30S}}", "{transport: broker}"),
                "connector-omuta-kodomo-in", true);

        assertThat(TemplateFixture.uri(route)).contains("&delay=30000&initialDelay=1000", "&readLockMinAge=4000",
                "&doneFileName=RAW(${file:name}.done)");
        assertThat(route.getAutoStartup()).isEqualTo("false");
    }
}
