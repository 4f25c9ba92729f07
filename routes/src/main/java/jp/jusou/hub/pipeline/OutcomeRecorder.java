package jp.jusou.hub.pipeline;

import java.util.List;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.delivery.Outcomes;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.operations.HubMetrics;
import jp.jusou.hub.policy.DisclosureLedger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a message's outcome to the database (a delivery with the rest of {@link OutcomeRoutes}, in one
 * database transaction), before the broker transaction that carries the copies commits (best-effort
 * one-phase commit: each write is keyed by the broker message, so a redelivery after a crash in
 * between redoes it cleanly). A delivery is recorded as {@code delivering}; only once the broker has
 * committed its copies does {@link DeliveryConfirmations} (fed by a confirmation sent in that same
 * broker transaction) mark it delivered and make its disclosure-ledger entries, so neither ever
 * records copies a rollback took back.
 */
@Component
class OutcomeRecorder {

    private final Outcomes outcomes;
    private final Quarantine quarantine;
    private final DeliveryReports reports;
    private final AgencyDirectory directory;
    private final HubMetrics metrics;
    private final DisclosureLedger ledger;

    public OutcomeRecorder(Outcomes outcomes, Quarantine quarantine, DeliveryReports reports, AgencyDirectory directory,
                           HubMetrics metrics, DisclosureLedger ledger) {
        this.ledger = ledger;
        this.outcomes = outcomes;
        this.quarantine = quarantine;
        this.reports = reports;
        this.directory = directory;
        this.metrics = metrics;
    }

    /**
     * The outcome of a message accepted for delivery ({@code delivering}) and its report: the first step
     * of {@link OutcomeRoutes}, whose one database transaction it joins.
     */
    @Transactional
    public DeliveryReports.Report delivered(HubMessage message) {
        List<String> recipients = message.copies().stream().map(c -> c.recipient()).toList();
        DeliveryReports.Report report = reports.delivered(message.messageId(), municipalityOf(message.authenticatedAgency()),
                recipients, message.copies(), message.notes(), message.brokerMessageId(), message.hubSubjectId());
        outcomes.recordDelivered(report.messageId(), message.sender(), message.messageId(), message.brokerMessageId(),
                message.type().wireName(), recipients, report.json());
        return report;
    }

    /**
     * Records a rejection (and quarantines a copy, unless it is only a duplicate); returns the report.
     * A rejected message may carry a 個人番号 anywhere, its ids and JSON keys included: the id it is
     * recorded, quarantined and reported under, and the reasons' paths and texts, are masked first.
     */
    @Transactional
    public DeliveryReports.Report rejected(HubMessage message, List<Reason> unmasked, Quarantine.Kind kind) {
        List<Reason> reasons = unmasked.stream().map(OutcomeRecorder::masked).toList();
        String messageId = storable(MyNumberDetector.mask(message.messageId()));
        boolean duplicate = reasons.stream().allMatch(r -> r.code() == ReasonCode.DUPLICATE);
        if (message.messageId() != null) {
            // an earlier attempt at this broker message recorded a delivery that never committed: its
            // copies never went out (since V17 such an attempt makes no ledger entries; older ones may have)
            outcomes.findDelivered(message.authenticatedAgency(), message.messageId())
                    .filter(d -> d.brokerMessageId() != null && d.brokerMessageId().equals(message.brokerMessageId()))
                    .ifPresent(d -> ledger.voidDelivery(message.authenticatedAgency(), message.messageId()));
        }
        String type = MyNumberDetector.mask(message.type() == null ? typeOf(message) : message.type().wireName());
        DeliveryReports.Report report = reports.rejected(messageId, municipalityOf(message.authenticatedAgency()),
                reasons, message.brokerMessageId(), duplicate ? Outcomes.Outcome.delivered.name() : null);
        outcomes.recordRejected(report.messageId(), message.authenticatedAgency(), messageId, message.brokerMessageId(),
                type, duplicate ? Outcomes.Outcome.duplicate : Outcomes.Outcome.rejected, reasons, report.json());
        if (!duplicate) {
            quarantine.add(kind, message.authenticatedAgency(), messageId, type, reasons, message.tree(),
                    message.text(), message.sizeBytes(), message.hubSubjectId());
        }
        reasons.stream().map(r -> r.code().name()).distinct().forEach(code -> metrics.rejected(message.authenticatedAgency(), code));
        return report;
    }

    /**
     * A rejected message's id as it can be stored and reported: the schema allows at most 128
     * characters, and a longer one (the very reason it is rejected) is kept by its first 128, as the
     * report's {@code inReplyTo} names it, instead of failing the insert and looping to the DLQ.
     */
    static String storable(String messageId) {
        return messageId == null || messageId.length() <= MAX_ID ? messageId : messageId.substring(0, MAX_ID);
    }

    private static final int MAX_ID = 128;

    /** The reason with any 個人番号 masked in its path (a JSON key can be one) and texts. */
    private static Reason masked(Reason reason) {
        return new Reason(reason.code(), MyNumberDetector.mask(reason.path()), MyNumberDetector.mask(reason.ja()),
                MyNumberDetector.mask(reason.en()));
    }

    private static String typeOf(HubMessage message) {
        if (message.tree() == null) {
            return null;
        }
        String type = message.tree().path("type").asText(null);
        return type == null || type.length() > 40 ? null : type;
    }

    private String municipalityOf(String agency) {
        return directory.find(agency).map(Agency::municipality).orElse("000000");
    }
}
