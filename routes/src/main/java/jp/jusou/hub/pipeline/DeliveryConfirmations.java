package jp.jusou.hub.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.delivery.Outcomes;
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
 * Consuming it marks the outcome delivered (confirm-outcome), makes the disclosure-ledger entries
 * (record-disclosures), both in one database transaction, and only then sends the delivery report, so
 * a report, an outcome and a ledger entry never speak of copies a rollback
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

    /** Exchange properties: the confirmation read, and whether confirm-outcome made the move to delivered. */
    static final String CONFIRMATION = "hub.confirmation";
    static final String FIRST = "hub.confirmationFirst";

    private final Outcomes outcomes;
    private final DisclosureLedger ledger;
    private final DatabaseTransaction transaction;
    private final ObjectMapper json;

    DeliveryConfirmations(Outcomes outcomes, DisclosureLedger ledger, DatabaseTransaction transaction, ObjectMapper json) {
        this.outcomes = outcomes;
        this.ledger = ledger;
        this.transaction = transaction;
        this.json = json;
    }

    @Override
    public void configure() {
        from(ENDPOINT + "?concurrentConsumers=2").routeId("delivery-confirmations")
                .process(this::read).id("read-confirmation")
                .policy(transaction)
                    .process(e -> e.setProperty(FIRST, outcomes.confirmDelivered(confirmation(e).outcomeId()))).id("confirm-outcome")
                    .process(this::recordDisclosures).id("record-disclosures")
                .end()
                .process(this::addressReport).id("address-report")
                .to(PipelineRoutes.OUTBOUND).id("report-to-sender");
    }

    /** The confirmation of this delivery, as the body of a message to {@link #ENDPOINT}. */
    String of(HubMessage message, DeliveryReports.Report report) {
        try {
            return json.writeValueAsString(new Confirmation(report.messageId(), message.authenticatedAgency(),
                    MyNumberDetector.mask(message.groupId()), report.json(), ledger.disclosures(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("confirmation not written", e);
        }
    }

    private void read(Exchange exchange) throws JsonProcessingException {
        Confirmation confirmation = json.readValue(exchange.getIn().getBody(String.class), Confirmation.class);
        PipelineRoutes.putMdc("outcomeId", confirmation.outcomeId());
        exchange.setProperty(CONFIRMATION, confirmation);
    }

    private static Confirmation confirmation(Exchange exchange) {
        return exchange.getProperty(CONFIRMATION, Confirmation.class);
    }

    /**
     * The delivery's ledger entries, in confirm-outcome's database transaction. Idempotent: the outcome's
     * move to delivered and the entries commit together, so when confirm-outcome made the move, no entry
     * of this delivery exists yet and they are appended without a look; otherwise (a redelivered
     * confirmation) each is looked for first.
     */
    private void recordDisclosures(Exchange exchange) {
        List<DisclosureLedger.Disclosure> disclosures = confirmation(exchange).disclosures();
        if (exchange.getProperty(FIRST, Boolean.class)) {
            ledger.recordUnrecorded(disclosures);
        } else {
            ledger.record(disclosures);
        }
    }

    private void addressReport(Exchange exchange) {
        Confirmation confirmation = confirmation(exchange);
        PipelineRoutes.toSender(exchange, confirmation.agency(), confirmation.group(),
                new DeliveryReports.Report(confirmation.outcomeId(), confirmation.reportJson()));
    }
}
