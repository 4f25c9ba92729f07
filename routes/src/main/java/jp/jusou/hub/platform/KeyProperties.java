package jp.jusou.hub.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the hub's master key (the key-encryption key that wraps every data key) comes from.
 *
 * @param master          {@code env:VARIABLE} (a Tink JSON keyset in that environment variable),
 *                        {@code file:/path/keyset.json}, or a KMS key URI ({@code gcp-kms://…},
 *                        {@code aws-kms://…}) served by a Tink KMS client on the classpath
 * @param generateDemoKey the demo only: with no {@code master}, a keyset is generated on first start
 *                        under {@code <data-dir>/keys/} and read from there afterwards
 */
@ConfigurationProperties("hub.keys")
public record KeyProperties(String master, boolean generateDemoKey) {
}
