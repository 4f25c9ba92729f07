package jp.jusou.hub.pipeline;

import jp.jusou.hub.coordination.CaseRules;
import jp.jusou.hub.coordination.ReferralTransitions;
import jp.jusou.hub.coordination.SubjectIdentity;
import jp.jusou.hub.delivery.DeliveryReports;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.policy.PolicyEngine;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * What an accepted message changes in the database, one named step per store, all in one database
 * transaction ({@link DatabaseTransaction}) that commits before the pipeline's broker transaction
 * (see {@link OutcomeRecorder} for why that order is safe): the outcome (delivering) and its report,
 * who the message is about, the referral, the case, the consent.
 *
 * <pre>
 * record-outcome (PipelineRoutes) → direct:hub-record-outcome
 *   → record-delivering → record-subject → record-referral → record-case → record-consent   [one database transaction]
 * </pre>
 *
 * A failure in any step rolls them all back and goes back to the pipeline's {@code record-outcome}
 * step, whose error handling takes it once, after the rollback: this route has no error handler of
 * its own, and the pipeline's {@code onException} clauses (RouteBuilder-scoped) do not reach it.
 */
@Component
class OutcomeRoutes extends RouteBuilder {

    static final String RECORD = "direct:hub-record-outcome";

    private final OutcomeRecorder recorder;
    private final SubjectIdentity subjects;
    private final ReferralTransitions referrals;
    private final CaseRules cases;
    private final PolicyEngine policy;
    private final DatabaseTransaction transaction;

    OutcomeRoutes(OutcomeRecorder recorder, SubjectIdentity subjects, ReferralTransitions referrals, CaseRules cases,
                  PolicyEngine policy, DatabaseTransaction transaction) {
        this.recorder = recorder;
        this.subjects = subjects;
        this.referrals = referrals;
        this.cases = cases;
        this.policy = policy;
        this.transaction = transaction;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());
        from(RECORD).routeId("hub-record-outcome")
                .policy(transaction)
                    .process(this::recordDelivering).id("record-delivering")
                    .process(e -> subjects.accepted(message(e))).id("record-subject")
                    .process(e -> referrals.accepted(message(e))).id("record-referral")
                    .process(e -> cases.accepted(message(e))).id("record-case")
                    .process(e -> policy.accepted(message(e))).id("record-consent")
                .end();
    }

    private void recordDelivering(Exchange exchange) {
        DeliveryReports.Report report = recorder.delivered(message(exchange));
        exchange.setProperty(PipelineRoutes.REPORT, report);
        PipelineRoutes.putMdc("outcomeId", report.messageId());
    }

    private static HubMessage message(Exchange exchange) {
        return PipelineRoutes.message(exchange);
    }
}
