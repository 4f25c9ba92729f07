package jp.jusou.hub.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.platform.Messaging;
import jp.jusou.hub.policy.DisclosureLedger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * What the hub records about a delivery agrees with what the broker committed. The pipeline's
 * database transaction commits before its broker transaction (the copies), and that one may still
 * roll back (a failure after the database commit, a lost connection, a crash). So the pipeline
 * records the outcome as {@code delivering} and sends, in the same broker transaction as the copies,
 * a confirmation to {@value BrokerNames#CONFIRMATION_QUEUE}: it exists exactly when the copies do.
 * Consuming it marks the outcome delivered, makes the disclosure-ledger entries and only then sends
 * the delivery report, so a report, an outcome and a ledger entry never speak of copies a rollback
 * took back. The queue never dead-letters (unlimited attempts with back-off): a confirmation is never
 * lost, and recording it is idempotent.
 */
@Component
public class DeliveryConfirmations extends RouteBuilder {

    /** One committed delivery: ids, where its report goes, the report, and the ledger entries it makes. */
    public record Confirmation(String outcomeId, String agency, String group, String reportJson,
                               List<DisclosureLedger.Disclosure> disclosures) {
    }

    static final String ENDPOINT = Messaging.COMPONENT + ":queue:" + BrokerNames.CONFIRMATION_QUEUE;

    private final OutcomeRecorder recorder;
    private final ObjectMapper json;

    public DeliveryConfirmations(OutcomeRecorder recorder, ObjectMapper json) {
        this.recorder = recorder;
        this.json = json;
    }

    @Override
    public void configure() {
        from(ENDPOINT + "?concurrentConsumers=2").routeId("delivery-confirmations")
                .process(this::confirm).id("confirm-delivery")
                .to(PipelineRoutes.OUTBOUND).id("report-to-sender");
    }

    /** The confirmation of this delivery, as the body of a message to {@link #ENDPOINT}. */
    String of(HubMessage message, DeliveryReports.Report report) {
        try {
            return json.writeValueAsString(new Confirmation(report.messageId(), message.authenticatedAgency(),
                    MyNumberDetector.mask(message.groupId()), report.json(), DisclosureLedger.disclosures(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("confirmation not written", e);
        }
    }

    private void confirm(Exchange exchange) throws JsonProcessingException {
        Confirmation confirmation = json.readValue(exchange.getIn().getBody(String.class), Confirmation.class);
        PipelineRoutes.putMdc("outcomeId", confirmation.outcomeId());
        recorder.confirmed(confirmation);
        PipelineRoutes.toSender(exchange, confirmation.agency(), confirmation.group(),
                new DeliveryReports.Report(confirmation.outcomeId(), confirmation.reportJson()));
    }
}
