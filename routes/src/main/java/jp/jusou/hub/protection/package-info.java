/**
 * What the hub keeps and for how long: erasure on request, retention purge, sealing rows stored before encryption.
 */
@ApplicationModule(displayName = "Protection (個人情報保護)", allowedDependencies = { "platform", "connectors", "coordination", "delivery", "operations", "policy" })
package jp.jusou.hub.protection;

import org.springframework.modulith.ApplicationModule;
