package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/** Writing for the agency onto its SFTP server: the outbound password, the schema's port, a temporary name. */
class SftpOutboundTemplateTest {

    @Test
    void writesOntoTheAgencysServer() throws Exception {
        RouteDefinition route = new TemplateFixture().define(new SftpOutboundTemplate(null),
                TemplateFixture.connector("{transport: broker}", "{transport: sftp, host: h, path: out, username: u,"
                        + " password: {env: HUB_SECRET_X}, format: json}"),
                "connector-omuta-kodomo-out", true);

        assertThat(TemplateFixture.uri(route)).isEqualTo("hubjms:queue:hub.outbound.omuta-kodomo?concurrentConsumers=1");
        assertThat(TemplateFixture.stepIds(route)).containsExactly("render-for-agency", "write-for-agency");
        assertThat(TemplateFixture.endpointOf(route, "write-for-agency")).startsWith("sftp://h:22/out?username=RAW(u)&password=RAW(pw-for-$.outbound.password)")
                .endsWith("&autoCreate=true&fileExist=Override&tempFileName=${file:name}.part");
        assertThat(route.getAutoStartup()).isEqualTo("false");
    }
}
