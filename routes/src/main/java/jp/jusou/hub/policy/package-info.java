/**
 * Consent and confidentiality decisions per recipient, redaction, meetings, and the disclosure ledger.
 */
@ApplicationModule(displayName = "Policy (同意・開示)", allowedDependencies = { "message", "platform", "agencies" })
package jp.jusou.hub.policy;

import org.springframework.modulith.ApplicationModule;
