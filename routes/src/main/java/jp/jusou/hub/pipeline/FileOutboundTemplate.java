package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.ConnectorProperties;
import org.springframework.stereotype.Component;

/** {@code outbound: {transport: file}}: writes each message for the agency into a local folder. */
@Component
class FileOutboundTemplate extends WritingOutboundTemplate {

    private final ConnectorProperties properties;

    FileOutboundTemplate(OutboundRendering rendering, ConnectorProperties properties) {
        super(rendering);
        this.properties = properties;
    }

    @Override
    public String transport() {
        return Transport.FILE;
    }

    @Override
    String uri(Instance connector) {
        String directory = ConnectorEndpoints.directory(properties.exchangeDir(), connector.definition().outbound().text("directory"));
        return "file:" + directory + "?" + ConnectorEndpoints.WRITE_OPTIONS + "&autoCreate=true";
    }
}
