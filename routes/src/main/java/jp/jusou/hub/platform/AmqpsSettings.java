package jp.jusou.hub.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded broker's AMQP-over-TLS acceptor ({@code hub.broker.amqps}): agencies' port in the demo
 * (5671). AMQP only: CORE stays for the hub's own in-VM connection.
 *
 * @param keyStore PKCS#12 file with the server's key and certificate chain
 * @param trustStore PKCS#12 file with the CA that issues agencies' client certificates (empty: none asked)
 */
@ConfigurationProperties("hub.broker.amqps")
record AmqpsSettings(boolean enabled, String host, int port, String keyStore, String keyStorePassword,
                            String trustStore) {

    public AmqpsSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
    }
}
