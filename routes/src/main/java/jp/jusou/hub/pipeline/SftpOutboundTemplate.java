package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.TransportSettings;
import org.springframework.stereotype.Component;

/** {@code outbound: {transport: sftp}}: writes each message for the agency into a folder on its SFTP server. */
@Component
class SftpOutboundTemplate extends WritingOutboundTemplate {

    SftpOutboundTemplate(OutboundRendering rendering) {
        super(rendering);
    }

    @Override
    public String transport() {
        return Transport.SFTP;
    }

    @Override
    String uri(Instance connector) {
        return ConnectorEndpoints.sftp(connector.definition().outbound(), TransportSettings.outbound(connector.definition()),
                connector.secrets(), "$.outbound.password") + "&autoCreate=true&" + ConnectorEndpoints.WRITE_OPTIONS;
    }
}
