/**
 * Parsing, schema validation and the sender check of what agencies hand in; the HTTP submit endpoint.
 */
@ApplicationModule(displayName = "Intake (受付)", allowedDependencies = { "message", "platform", "agencies" })
package jp.jusou.hub.intake;

import org.springframework.modulith.ApplicationModule;
