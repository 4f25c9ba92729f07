package jp.jusou.hub.connectors;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where connector definitions come from and how the runtime follows them (prefix {@code hub.connectors}).
 *
 * @param location     definitions deployed at start-up (those whose text was never deployed before)
 * @param watchDir     a directory IT staff drop definitions into while the hub runs (empty: none); its
 *                     {@code mappings/} subdirectory holds CSV mappings
 * @param mappings     CSV mappings shipped with the hub
 * @param pollInterval how often an instance looks for changes (the database and the watched directory)
 * @param drainTimeout how long an undeploy waits for the agency's inbound queue to empty
 * @param exchangeDir  the exchange root: every file-transport directory is under it (relative to it)
 * @param secretsDir   the only directory a connector's secret files may be in
 * @param webhook      where webhooks may call
 */
@ConfigurationProperties("hub.connectors")
public record ConnectorProperties(String location, String watchDir, String mappings, Duration pollInterval,
                                  Duration drainTimeout, String exchangeDir, String secretsDir, Webhook webhook) {

    public ConnectorProperties {
        webhook = webhook == null ? new Webhook(java.util.List.of()) : webhook;
    }

    /** @param allowedHosts the hosts a webhook URL may name (exact, case-insensitive); empty: no webhook may be deployed */
    public record Webhook(java.util.List<String> allowedHosts) {

        public Webhook {
            allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
        }
    }
}
