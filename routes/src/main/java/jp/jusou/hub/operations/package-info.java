/**
 * What operators see and do: metrics, queue depths, the console, alerts, replay jobs, the audit trail, the connector admin API.
 */
@ApplicationModule(displayName = "Operations (運用)", allowedDependencies = { "message", "platform", "connectors", "delivery", "agencies" })
package jp.jusou.hub.operations;

import org.springframework.modulith.ApplicationModule;
