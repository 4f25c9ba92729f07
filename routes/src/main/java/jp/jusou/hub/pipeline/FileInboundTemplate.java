package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.ConnectorProperties;
import jp.jusou.hub.platform.FileReadLocks;
import org.springframework.stereotype.Component;

/** {@code inbound: {transport: file}}: polls a local folder, with Camel's idempotent-changed read lock. */
@Component
class FileInboundTemplate extends PollingInboundTemplate {

    private final ConnectorProperties properties;

    FileInboundTemplate(FileIntake fileIntake, ConnectorProperties properties) {
        super(fileIntake);
        this.properties = properties;
    }

    @Override
    public String transport() {
        return Transport.FILE;
    }

    @Override
    String uri(Instance connector, Polling polling) {
        String directory = ConnectorEndpoints.directory(properties.exchangeDir(), connector.definition().inbound().text("directory"));
        return "file:" + directory + "?" + polling.options() + "&autoCreate=true"
                + "&readLock=idempotent-changed&idempotentRepository=#" + FileReadLocks.BEAN
                + "&readLockRemoveOnCommit=true&readLockIdempotentReleaseDelay=" + polling.releaseDelay().toMillis()
                + "&readLockCheckInterval=" + polling.checkInterval() + "&readLockMinAge=" + polling.stableFor()
                + "&readLockTimeout=" + polling.timeout();
    }
}
