package jp.jusou.hub.connectors;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where connector definitions come from and how the runtime follows them (prefix {@code hub.connectors}),
 * with their defaults; application.yaml sets only the two directories, which lie under {@code hub.data-dir}.
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
 * @param maxFileBytes a file larger than this goes to error/ with a TOO_LARGE report, unread
 */
@ConfigurationProperties(ConnectorProperties.PREFIX)
public record ConnectorProperties(@DefaultValue("classpath*:connectors/*.yaml") String location, String watchDir,
                                  @DefaultValue("classpath:connectors/mappings/") String mappings,
                                  @DefaultValue(ConnectorProperties.POLL_INTERVAL) Duration pollInterval,
                                  @DefaultValue("PT60S") Duration drainTimeout, String exchangeDir, String secretsDir,
                                  Webhook webhook, @DefaultValue("16777216") long maxFileBytes) {

    static final String PREFIX = "hub.connectors";
    static final String POLL_INTERVAL = "PT2S";
    /** The poll interval as {@code @Scheduled} reads it (a placeholder, not this record): the setting, else the same default. */
    static final String POLL_INTERVAL_SETTING = "${" + PREFIX + ".poll-interval:" + POLL_INTERVAL + "}";

    public ConnectorProperties {
        watchDir = watchDir == null ? "" : watchDir; // none
        webhook = webhook == null ? new Webhook(java.util.List.of()) : webhook;
    }

    /** @param allowedHosts the hosts a webhook URL may name (exact, case-insensitive); empty: no webhook may be deployed */
    public record Webhook(java.util.List<String> allowedHosts) {

        public Webhook {
            allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
        }
    }
}
