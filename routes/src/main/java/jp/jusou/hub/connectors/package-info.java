/**
 * How agencies are connected: connector definitions, their registry and runtime, secrets, mappings, and the agency directory.
 */
@ApplicationModule(displayName = "Connectors (接続)", allowedDependencies = { "message", "agencies" })
package jp.jusou.hub.connectors;

import org.springframework.modulith.ApplicationModule;
