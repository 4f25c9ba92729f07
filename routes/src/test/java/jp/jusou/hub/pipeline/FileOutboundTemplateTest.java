package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing for the agency into a local folder: from its outbound queue, rendered, under a temporary name. */
class FileOutboundTemplateTest {

    @TempDir
    Path exchange;

    @Test
    void consumesTheOutboundQueueAndWritesUnderATemporaryName() throws Exception {
        RouteDefinition route = new TemplateFixture().define(new FileOutboundTemplate(null, TemplateFixture.exchangeUnder(exchange)),
                TemplateFixture.connector("{transport: broker}", "{transport: file, directory: k/out, format: json}"),
                "connector-omuta-kodomo-out", false);

        assertThat(TemplateFixture.uri(route)).isEqualTo("hubjms:queue:hub.outbound.omuta-kodomo?concurrentConsumers=1");
        assertThat(TemplateFixture.stepIds(route)).containsExactly("render-for-agency", "write-for-agency");
        assertThat(TemplateFixture.endpointOf(route, "write-for-agency")).isEqualTo("file:" + exchange.resolve("k/out").toAbsolutePath().normalize()
                + "?fileExist=Override&tempFileName=${file:name}.part&autoCreate=true");
        assertThat(Files.isDirectory(exchange.resolve("k/out"))).isTrue();
        assertThat(route.getRouteId()).isEqualTo("connector-omuta-kodomo-out");
    }
}
