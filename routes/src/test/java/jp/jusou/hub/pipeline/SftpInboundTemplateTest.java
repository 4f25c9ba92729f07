package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/** The SFTP poller: the agency's server with the schema's port, its own shared read lock, the report beside the file. */
class SftpInboundTemplateTest {

    private final TemplateFixture fixture = new TemplateFixture();

    @Test
    void pollsTheServerWithASharedReadLockAndWritesTheReportBack() throws Exception {
        RouteDefinition route = fixture.define(new SftpInboundTemplate(null, fixture.camel),
                TemplateFixture.connector("{transport: sftp, host: sftp.k.example, path: in, username: u,"
                        + " password: {env: HUB_SECRET_X}, format: json}", "{transport: broker}"),
                "connector-omuta-kodomo-in", false);

        String uri = TemplateFixture.uri(route);
        assertThat(uri).startsWith("sftp://sftp.k.example:22/in?username=RAW(u)&password=RAW(pw-for-$.inbound.password)");
        assertThat(uri).contains("strictHostKeyChecking=no", "&autoCreate=false&streamDownload=true&",
                "&delay=5000", "&exclusiveReadLockStrategy=#sftpReadLock-omuta-kodomo");
        assertThat(fixture.camel.getRegistry().lookupByName("sftpReadLock-omuta-kodomo")).isInstanceOf(SftpSharedReadLock.class);
        assertThat(TemplateFixture.stepIds(route))
                .containsExactly("read-file-to-inbound", "report-beside-file", "unreadable-file-to-error");
        assertThat(TemplateFixture.endpointOf(route, "report-beside-file"))
                .startsWith("sftp://sftp.k.example:22/in?username=RAW(u)&password=RAW(pw-for-$.inbound.password)")
                .endsWith("&autoCreate=true&fileExist=Override");
    }

    @Test
    void aKnownHostsFileTurnsOnStrictHostKeyChecking() throws Exception {
        RouteDefinition route = fixture.define(new SftpInboundTemplate(null, fixture.camel),
                TemplateFixture.connector("{transport: sftp, host: h, port: 2222, path: /in, username: u,"
                        + " password: {env: HUB_SECRET_X}, knownHostsFile: /etc/hub/known_hosts, format: json}", "{transport: broker}"),
                "connector-omuta-kodomo-in", false);

        assertThat(TemplateFixture.uri(route)).startsWith("sftp://h:2222/in?")
                .contains("knownHostsFile=RAW(/etc/hub/known_hosts)&strictHostKeyChecking=yes");
    }
}
