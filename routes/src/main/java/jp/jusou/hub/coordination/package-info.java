/**
 * Coordination between agencies, one step each: case rules ({@code CaseRules}), who a message is
 * about ({@code SubjectIdentity}), the referral state machine and deadlines ({@code ReferralTransitions},
 * {@code OverdueReferrals}), and who receives a message ({@code RecipientResolver}).
 */
@ApplicationModule(displayName = "Coordination (多機関協働)", allowedDependencies = { "message", "platform", "agencies", "policy" })
package jp.jusou.hub.coordination;

import org.springframework.modulith.ApplicationModule;
