/**
 * bin/hubctl: operator commands and broker configuration. Nothing depends on it.
 */
@ApplicationModule(displayName = "hubctl (運用コマンド)", allowedDependencies = { "message", "broker", "platform", "connectors", "intake", "accounts", "operations" })
package jp.jusou.hub.cli;

import org.springframework.modulith.ApplicationModule;
