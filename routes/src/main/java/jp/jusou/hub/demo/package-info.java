/**
 * The far ends of the demo municipality's remote transports (SFTP server, webhook receiver), in the demo profile only. Depends on no other module.
 */
@ApplicationModule(displayName = "Demo stand-ins (デモ用の相手先)", allowedDependencies = {  })
package jp.jusou.hub.demo;

import org.springframework.modulith.ApplicationModule;
