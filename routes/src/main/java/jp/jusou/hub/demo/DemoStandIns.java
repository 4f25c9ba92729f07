package jp.jusou.hub.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * In the demo profile only: the far ends the demo's connectors talk to, so that every demo transport
 * delivers out of the box (connectors/omuta-houkatsu-2.yaml's SFTP server, connectors/omuta-jiritsu.yaml's
 * webhook receiver). Started while the context starts, before the connectors are deployed.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnProperty(name = "hub.demo.stand-ins.enabled", havingValue = "true")
class DemoStandIns {

    @Bean(initMethod = "start", destroyMethod = "stop")
    SftpStandIn sftpStandIn(StandInProperties properties) {
        return new SftpStandIn(properties.sftp());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    WebhookStandIn webhookStandIn(StandInProperties properties) {
        return new WebhookStandIn(properties.webhook());
    }
}
