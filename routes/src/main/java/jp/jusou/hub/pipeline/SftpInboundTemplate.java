package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.TransportSettings;
import jp.jusou.hub.platform.FileReadLocks;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/**
 * {@code inbound: {transport: sftp}}: polls a folder on the agency's SFTP server and writes the report of
 * a file beside it there. Camel's SFTP consumer has no idempotent read lock: the same, composed
 * ({@link SftpSharedReadLock}, bound per connector).
 */
@Component
class SftpInboundTemplate extends PollingInboundTemplate {

    private final CamelContext camel;

    SftpInboundTemplate(FileIntake fileIntake, CamelContext camel) {
        super(fileIntake);
        this.camel = camel;
    }

    @Override
    public String transport() {
        return Transport.SFTP;
    }

    @Override
    String uri(Instance connector, Polling polling) {
        Transport in = connector.definition().inbound();
        TransportSettings settings = TransportSettings.inbound(connector.definition());
        String lockBean = "sftpReadLock-" + connector.definition().id();
        camel.getRegistry().bind(lockBean, new SftpSharedReadLock(
                camel.getRegistry().lookupByNameAndType(FileReadLocks.BEAN, IdempotentRepository.class),
                ConnectorEndpoints.sftpServer(in, settings), polling.checkInterval(), polling.stableFor(), polling.timeout(),
                polling.releaseDelay()));
        // the agency's server has its folders: connecting at start-up to create them would hold the start
        // streamed: FileIntake reads at most hub.connectors.max-file-bytes of it, never a whole oversize file
        return ConnectorEndpoints.sftp(in, settings, connector.secrets(), "$.inbound.password")
                + "&autoCreate=false&streamDownload=true&" + polling.options() + "&exclusiveReadLockStrategy=#" + lockBean;
    }

    @Override
    void afterRead(RouteBuilder routes, RouteDefinition poller, Instance connector) {
        poller.filter(routes.exchangeProperty(FileIntake.REPORT_TEXT).isNotNull())
                .setBody(routes.exchangeProperty(FileIntake.REPORT_TEXT))
                .setHeader(Exchange.FILE_NAME, routes.exchangeProperty(FileIntake.REPORT_PATH))
                .to(ConnectorEndpoints.sftp(connector.definition().inbound(), TransportSettings.inbound(connector.definition()),
                        connector.secrets(), "$.inbound.password") + "&autoCreate=true&fileExist=Override")
                .id("report-beside-file")
                .end();
    }
}
