package jp.jusou.hub.platform;

import java.nio.file.Path;
import java.time.Clock;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo gives every deployed agency a client certificate from the demo CA
 * ({@code <data>/tls/agencies/<id>.crt.pem} and {@code .key.pem}), so that a first try can use the
 * certificate path as an agency would. Follows the deployed connectors; existing files are kept.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnProperty(name = "hub.tls.demo-ca", havingValue = "true")
class DemoAgencyCertificates {

    @Bean
    DemoCertificates demoCertificates(HubProperties properties, Clock clock, AgencyDirectory directory) {
        DemoCertificates certificates = new DemoCertificates(Path.of(properties.dataDir(), "tls"), clock);
        directory.subscribe(agencies -> agencies.stream().map(Agency::id).forEach(certificates::ensureAgency));
        return certificates;
    }
}
