package jp.jusou.hub.pipeline;

import java.time.Duration;
import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.TransportSettings;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code outbound: {transport: webhook}}: POSTs each message, signed, to the agency's URL. */
@Component
class WebhookOutboundTemplate implements ConnectorTemplate {

    @Override
    public String transport() {
        return Transport.WEBHOOK;
    }

    @Override
    public Direction direction() {
        return Direction.OUTBOUND;
    }

    @Override
    public void define(RouteBuilder routes, Instance connector) {
        TransportSettings settings = TransportSettings.outbound(connector.definition());
        WebhookRetry retry = WebhookRetry.of(settings);
        // retried here with back-off; after that the transaction rolls back and the broker keeps the
        // message (the outbound queues never dead-letter)
        connector.fromOutboundQueue(routes)
                .errorHandler(routes.defaultErrorHandler().maximumRedeliveries(retry.attempts())
                        .redeliveryDelay(retry.initialDelay().toMillis()).useExponentialBackOff()
                        .backOffMultiplier(retry.multiplier()).maximumRedeliveryDelay(retry.maxDelay().toMillis())
                        .logExhausted(false).logRetryAttempted(false).logStackTrace(false))
                .process(new WebhookDelivery(connector.definition().outbound().text("url"), connector.secrets().signingKey(),
                        settings.duration("/timeout"))).id("post-to-webhook");
    }

    /** The webhook's retry settings (defaults: the connector schema's). */
    record WebhookRetry(int attempts, Duration initialDelay, double multiplier, Duration maxDelay) {
        static WebhookRetry of(TransportSettings out) {
            return new WebhookRetry(out.integer("/retry/attempts"), out.duration("/retry/initialDelay"),
                    out.number("/retry/multiplier"), out.duration("/retry/maxDelay"));
        }
    }
}
