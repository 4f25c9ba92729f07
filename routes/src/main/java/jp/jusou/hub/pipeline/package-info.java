/**
 * The Camel routes that compose the capabilities into the case flow: validation, policy, fan-out, outcomes, dead letters.
 */
@ApplicationModule(displayName = "Pipeline (処理経路)", allowedDependencies = { "message", "platform", "connectors", "intake", "policy", "coordination", "delivery", "operations", "agencies" })
package jp.jusou.hub.pipeline;

import org.springframework.modulith.ApplicationModule;
