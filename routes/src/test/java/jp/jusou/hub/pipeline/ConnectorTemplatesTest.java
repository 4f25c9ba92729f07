package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.pipeline.ConnectorTemplate.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates are found by transport name and direction; a transport without one has none. */
class ConnectorTemplatesTest {

    @TempDir
    Path exchange;

    private ConnectorTemplates all() {
        TemplateFixture fixture = new TemplateFixture();
        return new ConnectorTemplates(List.of(
                new FileInboundTemplate(null, TemplateFixture.exchangeUnder(exchange)),
                new SftpInboundTemplate(null, fixture.camel),
                new FileOutboundTemplate(null, TemplateFixture.exchangeUnder(exchange)),
                new SftpOutboundTemplate(null),
                new WebhookOutboundTemplate()));
    }

    @Test
    void eachTransportAndDirectionFindsItsOwnTemplate() {
        ConnectorTemplates templates = all();
        assertThat(templates.find(Transport.FILE, Direction.INBOUND)).get().isInstanceOf(FileInboundTemplate.class);
        assertThat(templates.find(Transport.FILE, Direction.OUTBOUND)).get().isInstanceOf(FileOutboundTemplate.class);
        assertThat(templates.find(Transport.SFTP, Direction.INBOUND)).get().isInstanceOf(SftpInboundTemplate.class);
        assertThat(templates.find(Transport.SFTP, Direction.OUTBOUND)).get().isInstanceOf(SftpOutboundTemplate.class);
        assertThat(templates.find(Transport.WEBHOOK, Direction.OUTBOUND)).get().isInstanceOf(WebhookOutboundTemplate.class);
    }

    @Test
    void transportsTheHubDoesNotDriveHaveNoTemplate() {
        ConnectorTemplates templates = all();
        assertThat(templates.find(Transport.WEBHOOK, Direction.INBOUND)).isEmpty();
        assertThat(templates.find(Transport.BROKER, Direction.INBOUND)).isEmpty();
        assertThat(templates.find(Transport.HTTPS, Direction.OUTBOUND)).isEmpty();
        assertThat(templates.find("carrier-pigeon", Direction.OUTBOUND)).isEmpty();
    }

    @Test
    void twoTemplatesForTheSameTransportAndDirectionAreRefused() {
        assertThatThrownBy(() -> new ConnectorTemplates(List.of(new SftpOutboundTemplate(null), new SftpOutboundTemplate(null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OUTBOUND").hasMessageContaining("sftp");
    }
}
