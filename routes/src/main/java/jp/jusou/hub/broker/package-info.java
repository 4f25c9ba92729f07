/**
 * The standalone Artemis broker (bin/broker): its own JVM, no Spring, no other hub module but the broker names
 * (message.BrokerNames, plain constants); also the broker plugins the embedded broker registers.
 */
@ApplicationModule(displayName = "Broker launcher (ブローカー起動)", allowedDependencies = { "message" })
package jp.jusou.hub.broker;

import org.springframework.modulith.ApplicationModule;
