/**
 * Who receives a message (recipient resolution) and the referral state machine and deadlines.
 */
@ApplicationModule(displayName = "Coordination (多機関協働)", allowedDependencies = { "message", "platform", "connectors", "policy" })
package jp.jusou.hub.coordination;

import org.springframework.modulith.ApplicationModule;
