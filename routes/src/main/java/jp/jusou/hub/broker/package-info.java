/**
 * The standalone Artemis broker (bin/broker): its own JVM, no Spring, no other hub module; also the broker plugins the embedded broker registers.
 */
@ApplicationModule(displayName = "Broker launcher (ブローカー起動)", allowedDependencies = {  })
package jp.jusou.hub.broker;

import org.springframework.modulith.ApplicationModule;
