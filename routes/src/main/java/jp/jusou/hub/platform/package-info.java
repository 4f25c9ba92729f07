/**
 * Wiring that is not domain-specific: the embedded broker, messaging, web security, TLS, encryption keys, secure start.
 */
@ApplicationModule(displayName = "Platform (基盤)", allowedDependencies = { "message", "broker", "connectors", "agencies" })
package jp.jusou.hub.platform;

import org.springframework.modulith.ApplicationModule;
