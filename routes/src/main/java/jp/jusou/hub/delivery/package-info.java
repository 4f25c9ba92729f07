/**
 * Outcomes, quarantine, delivery reports and the HTTP inbox.
 */
@ApplicationModule(displayName = "Delivery (配信)", allowedDependencies = { "message", "platform" })
package jp.jusou.hub.delivery;

import org.springframework.modulith.ApplicationModule;
