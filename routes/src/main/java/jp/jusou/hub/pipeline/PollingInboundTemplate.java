package jp.jusou.hub.pipeline;

import static jp.jusou.hub.pipeline.ConnectorEndpoints.raw;

import java.time.Duration;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.TransportSettings;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * What the file-polling templates share: poll a folder, read each file into messages on the connector's
 * inbound queue ({@link FileIntake}), move it to done/ (or error/ when it cannot be read at all).
 */
abstract class PollingInboundTemplate implements ConnectorTemplate {

    private final FileIntake fileIntake;

    PollingInboundTemplate(FileIntake fileIntake) {
        this.fileIntake = fileIntake;
    }

    @Override
    public final Direction direction() {
        return Direction.INBOUND;
    }

    @Override
    public final void define(RouteBuilder routes, Instance connector) {
        ConnectorDefinition definition = connector.definition();
        Polling polling = Polling.of(definition.inbound(), TransportSettings.inbound(definition)); // defaults: the connector schema's
        RouteDefinition poller = connector.from(routes, uri(connector, polling))
                .process(exchange -> fileIntake.process(exchange, definition)).id("read-file-to-inbound");
        afterRead(routes, poller, connector);
        poller.filter(routes.exchangeProperty(FileIntake.FILE_REJECTED).isEqualTo(true))
                .process(exchange -> {
                    throw new FileIntake.FileRejectedException(exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class));
                }).id("unreadable-file-to-error");
    }

    /** The polling endpoint: {@link Polling#options()} plus this transport's place and read lock. */
    abstract String uri(Instance connector, Polling polling);

    /** Steps of this transport between reading a file and rejecting an unreadable one; none by default. */
    void afterRead(RouteBuilder routes, RouteDefinition poller, Instance connector) {
    }

    /**
     * How a folder is polled. A file is read only once it stopped changing (never half of a file still
     * being written), and on one instance only: the lock is taken in the database shared by every
     * instance, and released only a while after the file moved to done/ or error/, so an instance that
     * listed the file before it moved cannot take it again.
     */
    record Polling(String options, long checkInterval, long stableFor, long timeout, Duration releaseDelay) {

        static Polling of(Transport in, TransportSettings settings) {
            Duration poll = settings.duration("/schedule/pollInterval");
            long stable = settings.duration("/stableFor").toMillis();
            StringBuilder options = new StringBuilder()
                    .append("include=").append(raw(settings.text("/include")))
                    .append("&move=done/${file:name}&moveFailed=error/${file:name}")
                    .append("&delay=").append(poll.toMillis()).append("&initialDelay=").append(Math.min(poll.toMillis(), 1000))
                    .append("&readLockLoggingLevel=OFF");
            if (in.text("doneFile") != null) {
                options.append("&doneFileName=").append(raw(in.text("doneFile")));
            }
            return new Polling(options.toString(), Math.max(250, stable / 2), stable, stable * 10 + 10_000,
                    poll.multipliedBy(2).plusSeconds(5));
        }
    }
}
