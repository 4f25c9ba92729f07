package jp.jusou.hub.pipeline;

import java.util.List;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.intake.Parser;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * A message the pipeline failed on {@code max-delivery-attempts} times lands in {@code hub.dlq}.
 * It still gets an outcome: recorded as rejected (PROCESSING_FAILED), a masked copy quarantined for
 * an operator to replay after the fix, and a delivery report to its sender. The dead-letter queue
 * itself never gives up (infinite attempts with back-off), so a dead letter is never lost either.
 */
@Component
class DeadLetterRoutes extends RouteBuilder {

    private static final String SENDER_KNOWN = "hub.senderKnown";

    private final OutcomeRecorder recorder;
    private final AgencyDirectory directory;

    public DeadLetterRoutes(OutcomeRecorder recorder, AgencyDirectory directory) {
        this.recorder = recorder;
        this.directory = directory;
    }

    @Override
    public void configure() {
        from(Messaging.COMPONENT + ":queue:" + BrokerNames.DEAD_LETTER_QUEUE + "?concurrentConsumers=1")
                .routeId("dead-letters")
                .process(this::recordDeadLetter).id("record-dead-letter")
                .filter(exchangeProperty(SENDER_KNOWN))
                    .to(PipelineRoutes.OUTBOUND).id("report-dead-letter");
    }

    private void recordDeadLetter(Exchange exchange) {
        String queue = exchange.getIn().getHeader(org.apache.activemq.artemis.api.core.Message.HDR_ORIGINAL_QUEUE.toString(), String.class);
        // not from an inbound queue: no sender to report to; keep it for operators all the same
        String agency = BrokerNames.isInbound(queue) ? BrokerNames.agencyOf(queue) : "unknown";
        HubMessage message = new HubMessage(agency, PipelineRoutes.brokerMessageId(exchange));
        Object body = exchange.getIn().getBody();
        String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : body == null ? "" : body.toString();
        message.text(text, text.length());
        try {
            message.tree(Parser.parse(text));
        } catch (RejectedException notJson) {
            // the copy is kept as masked raw text; the report names no messageId
        }
        List<Reason> reasons = List.of(Reason.of(ReasonCode.PROCESSING_FAILED, null));
        DeliveryReports.Report report = recorder.rejected(message, reasons, Quarantine.Kind.dead_letter);
        boolean known = directory.isKnown(agency);
        exchange.setProperty(SENDER_KNOWN, known);
        if (known) {
            PipelineRoutes.toSender(exchange, message, report);
        }
    }
}
