package jp.jusou.hub.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo's stand-ins for the agencies' far ends ({@code hub.demo.stand-ins}, application-demo.yaml):
 * the SFTP server of 第2包括 and the webhook receiver of 自立相談. Ports are settings so that tests run
 * them on free ports; credentials are the ones the demo's connectors use.
 *
 * @param enabled false in tests that do not need them (HubTestSupport), so no fixed port is taken
 */
@ConfigurationProperties("hub.demo.stand-ins")
record StandInProperties(boolean enabled, Sftp sftp, Webhook webhook) {

    /**
     * @param root the directory the server serves as "/" (the agency's exchange/to-hub and exchange/from-hub are in it)
     */
    public record Sftp(String host, int port, String username, String password, String root) {
    }

    /**
     * @param secret    the webhook's signing key (the connector's {@code signingKey}, its own secret), which the hub
     *                  signs its calls with (X-Hub-Signature-256)
     * @param directory where each message received is kept, one file per message
     */
    public record Webhook(String host, int port, String path, String secret, String directory) {
    }
}
