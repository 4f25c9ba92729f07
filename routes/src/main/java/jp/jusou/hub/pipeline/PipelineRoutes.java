package jp.jusou.hub.pipeline;

import jp.jusou.hub.coordination.CaseRules;
import jp.jusou.hub.coordination.RecipientResolver;
import jp.jusou.hub.coordination.ReferralTransitions;
import jp.jusou.hub.coordination.SubjectIdentity;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.delivery.Outcomes;
import jp.jusou.hub.delivery.Quarantine;
import jp.jusou.hub.intake.Parser;
import jp.jusou.hub.intake.SenderCheck;
import jp.jusou.hub.intake.Validator;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.OutboundCopy;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.operations.HubMetrics;
import jp.jusou.hub.platform.Messaging;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.policy.PolicyEngine;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsConstants;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The hub's flow, top to bottom. Every agency's inbound queue feeds one pipeline:
 *
 * <pre>
 * hub.inbound.&lt;agency&gt; (ConnectorRoutes) → receive → parse → validate → check-sender → check-duplicate
 *   → check-case-rules → resolve-subject → check-referral-transition → resolve-recipients → decide-policy
 *   → record-outcome (OutcomeRoutes, one database transaction: record-delivering → record-subject
 *       → record-referral → record-case → record-consent)
 *   → deliver-copy (one per recipient) → confirm             [all in the consumer's JMS transaction]
 * hub.confirmed (DeliveryConfirmations) → confirm-outcome (delivered) → record-disclosures (the ledger)
 *   [one database transaction] → report-to-sender
 * rejected at any step → record-rejection (+ quarantined copy) → report-rejection
 * </pre>
 *
 * A rejection is an outcome and commits; any other exception rolls the transaction back and the
 * broker redelivers with back-off, then dead-letters to {@code hub.dlq}, which {@code dead-letters}
 * turns into a recorded rejection (PROCESSING_FAILED) with a quarantined copy.
 */
@Component
class PipelineRoutes extends RouteBuilder {

    public static final String PIPELINE = "direct:hub-pipeline";
    static final String AUTHENTICATED_AGENCY = "hub.authenticatedAgency";
    static final String REPORT = "hub.report";
    /** A referral-status's other party, to whom it goes (the referral-transition check names it). */
    static final String OTHER_PARTY = "hub.referralOtherParty";
    /** Producer endpoint; the destination is named per message by the JMS destination-name header. */
    static final String OUTBOUND = Messaging.COMPONENT + ":queue:hub.outbound";

    private final Parser parser;
    private final Validator validator;
    private final SenderCheck senderCheck;
    private final CaseRules caseRules;
    private final SubjectIdentity subjects;
    private final ReferralTransitions referrals;
    private final RecipientResolver recipients;
    private final PolicyEngine policy;
    private final Outcomes outcomes;
    private final OutcomeRecorder recorder;
    private final HubMetrics metrics;
    private final RedeliveryBackOff backOff;
    private final DeliveryConfirmations confirmations;

    public PipelineRoutes(Parser parser, Validator validator, SenderCheck senderCheck, CaseRules caseRules,
                          SubjectIdentity subjects, ReferralTransitions referrals, RecipientResolver recipients,
                          PolicyEngine policy, Outcomes outcomes, OutcomeRecorder recorder, HubMetrics metrics,
                          RedeliveryBackOff backOff, DeliveryConfirmations confirmations) {
        this.confirmations = confirmations;
        this.parser = parser;
        this.validator = validator;
        this.senderCheck = senderCheck;
        this.caseRules = caseRules;
        this.subjects = subjects;
        this.referrals = referrals;
        this.recipients = recipients;
        this.policy = policy;
        this.outcomes = outcomes;
        this.recorder = recorder;
        this.metrics = metrics;
        this.backOff = backOff;
    }

    @Override
    public void configure() {
        onException(RejectedException.class)
                .handled(true)
                .process(this::recordRejection).id("record-rejection")
                .to(OUTBOUND).id("report-rejection");
        // anything else rolls the broker transaction back, after a back-off on this consumer (order of the case)
        onException(Exception.class)
                .handled(false)
                .process(backOff::hold).id("back-off-before-rollback");

        from(PIPELINE).routeId("hub-pipeline")
                .process(this::receive).id("receive")
                .process(e -> {
                    parser.read(message(e), e.getIn().getBody());
                    putMdc("messageId", message(e).messageId());
                }).id("parse")
                .process(e -> validator.validate(message(e))).id("validate")
                .process(e -> senderCheck.check(message(e))).id("check-sender")
                .process(e -> checkDuplicate(message(e))).id("check-duplicate")
                .process(e -> caseRules.check(message(e))).id("check-case-rules")
                .process(e -> subjects.resolve(message(e))).id("resolve-subject")
                .process(e -> e.setProperty(OTHER_PARTY, referrals.check(message(e)))).id("check-referral-transition")
                .process(e -> recipients.resolve(message(e), e.getProperty(OTHER_PARTY, String.class))).id("resolve-recipients")
                .process(e -> policy.decide(message(e))).id("decide-policy")
                .to(OutcomeRoutes.RECORD).id("record-outcome")
                .split(method(this, "copiesOf")).stopOnException()
                    .process(this::addressCopy).id("address-copy")
                    .to(OUTBOUND).id("deliver-copy")
                .end()
                .process(this::addressConfirmation).id("address-confirmation")
                .to(DeliveryConfirmations.ENDPOINT).id("confirm");
    }

    /** The copies the policy step allowed, one per recipient (the splitter's expression). */
    public java.util.List<OutboundCopy> copiesOf(Exchange exchange) {
        return message(exchange).copies();
    }

    static HubMessage message(Exchange exchange) {
        return exchange.getProperty(HubMessage.PROPERTY, HubMessage.class);
    }

    /**
     * Correlation ids for the logs (MDC: agency, messageId, outcomeId; structured logging carries them
     * as fields). Ids only, never content; a sender-chosen id may be a 個人番号, so it is masked. Cleared
     * at the start of every message on the consumer thread.
     */
    static void putMdc(String key, String value) {
        if (value != null) {
            MDC.put(key, MyNumberDetector.mask(value.length() > 128 ? value.substring(0, 128) : value));
        }
    }

    private void receive(Exchange exchange) {
        String agency = exchange.getProperty(AUTHENTICATED_AGENCY, String.class);
        MDC.remove("messageId");
        MDC.remove("outcomeId");
        putMdc("agency", agency);
        exchange.setProperty(HubMessage.PROPERTY, new HubMessage(agency, brokerMessageId(exchange)));
        metrics.in(agency);
    }

    /** The broker's identity of this message: the same on every redelivery of it. */
    static String brokerMessageId(Exchange exchange) {
        // The broker's own id of the message first: it is a journal record id, the same on every redelivery and,
        // being replicated, on the backup after a failover. JMSMessageID is not: for a message sent over AMQP
        // the broker derives it anew when it converts the message for a CORE consumer, so after a failover the
        // redelivery of an attempt that rolled back looked like a new message with a known messageId and was
        // rejected as DUPLICATE — lost (BrokerFailoverTest).
        // A dead-lettered (or operator-retried) copy is a new broker message that names its original: it stands
        // for that original, so the dead-letter route finds the attempts recorded under the original's id.
        JmsMessage jms = exchange.getIn(JmsMessage.class);
        if (jms != null && jms.getJmsMessage() instanceof ActiveMQMessage artemis) {
            org.apache.activemq.artemis.api.core.Message core = artemis.getCoreMessage();
            Object original = core.getObjectProperty(org.apache.activemq.artemis.api.core.Message.HDR_ORIG_MESSAGE_ID);
            return "core:" + (original != null ? original : core.getMessageID());
        }
        return exchange.getIn().getHeader("JMSMessageID", String.class);
    }

    private void checkDuplicate(HubMessage message) {
        outcomes.findDelivered(message.sender(), message.messageId()).ifPresent(earlier -> {
            boolean redeliveryOfSameMessage = earlier.brokerMessageId() != null
                    && earlier.brokerMessageId().equals(message.brokerMessageId());
            if (!redeliveryOfSameMessage) {
                throw new RejectedException(Reason.of(ReasonCode.DUPLICATE, "$.messageId"));
            }
        });
    }

    private void addressCopy(Exchange exchange) {
        HubMessage message = message(exchange);
        OutboundCopy copy = exchange.getIn().getBody(OutboundCopy.class);
        var in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(JmsConstants.JMS_DESTINATION_NAME, BrokerNames.outbound(copy.recipient()));
        in.setHeader(BrokerNames.GROUP_ID, message.groupId());
        in.setHeader(BrokerNames.DUPLICATE_ID, copyDuplicateId(message.authenticatedAgency(), message.messageId(), copy.recipient()));
        in.setHeader(BrokerNames.TYPE, message.type().wireName());
        in.setHeader(BrokerNames.SENDER, message.sender());
        in.setHeader(BrokerNames.MESSAGE_ID, message.messageId());
        if (message.hubSubjectId() != null) {
            in.setHeader(BrokerNames.SUBJECT_ID, message.hubSubjectId());
        }
        in.setBody(copy.body());
        metrics.out(copy.recipient(), message.type().wireName());
    }

    /**
     * The broker's duplicate id of one copy. messageIds are unique per sender only, so the sender is
     * part of it: without it the broker would drop another agency's message with the same id as a
     * duplicate. Agency ids hold no '/', so the three parts cannot run into each other.
     */
    static String copyDuplicateId(String sender, String messageId, String recipient) {
        return sender + "/" + messageId + "/" + recipient;
    }

    /** The confirmation that commits with the copies; its consumer records the delivery and reports it. */
    private void addressConfirmation(Exchange exchange) {
        HubMessage message = message(exchange);
        metrics.delivered(message.sender(), message.type().wireName());
        var in = exchange.getIn();
        in.removeHeaders("*");
        // grouped like the copies, so the reports of one case's messages reach the sender in order
        in.setHeader(BrokerNames.GROUP_ID, MyNumberDetector.mask(message.groupId()));
        in.setBody(confirmations.of(message, exchange.getProperty(REPORT, DeliveryReports.Report.class)));
    }

    private void recordRejection(Exchange exchange) {
        HubMessage message = message(exchange);
        RejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RejectedException.class);
        DeliveryReports.Report report = recorder.rejected(message, rejection.reasons(), Quarantine.Kind.rejected);
        putMdc("outcomeId", report.messageId());
        toSender(exchange, message, report);
    }

    static void toSender(Exchange exchange, HubMessage message, DeliveryReports.Report report) {
        // the group comes from the sender's own ids (its case): masked, since a rejected one may be a 個人番号
        toSender(exchange, message.authenticatedAgency(), message.tree() != null ? MyNumberDetector.mask(message.groupId())
                : "reports:" + message.authenticatedAgency(), report);
    }

    static void toSender(Exchange exchange, String agency, String group, DeliveryReports.Report report) {
        var in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(JmsConstants.JMS_DESTINATION_NAME, BrokerNames.outbound(agency));
        in.setHeader(BrokerNames.GROUP_ID, group);
        in.setHeader(BrokerNames.DUPLICATE_ID, "report/" + report.messageId());
        in.setHeader(BrokerNames.TYPE, "delivery-report");
        in.setHeader(BrokerNames.SENDER, HubIssued.SENDER);
        in.setHeader(BrokerNames.MESSAGE_ID, report.messageId());
        in.setBody(report.json());
    }
}
