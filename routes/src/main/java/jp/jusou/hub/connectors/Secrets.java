package jp.jusou.hub.connectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Resolves the secrets a connector names (environment variable or file). Demo secrets
 * ({@code demo-<id>}) exist only in the demo profile; anywhere else a missing secret, or one that
 * starts with {@code demo-}, stops the deployment.
 */
@Component
public class Secrets {

    /** The only environment variables a connector may name as a secret. */
    public static final String ENV_PREFIX = "HUB_SECRET_";

    private final Environment environment;
    private final boolean demo;
    private final Path secretsDir;

    public Secrets(Environment environment) {
        this.environment = environment;
        this.demo = environment.acceptsProfiles(Profiles.of("demo"))
                && environment.getProperty("hub.demo-secrets", Boolean.class, false);
        String dir = environment.getProperty("hub.connectors.secrets-dir", "");
        this.secretsDir = dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * Every secret source of the definition (the agency's secret, SFTP passwords, the webhook's signing
     * key) is an environment variable {@code HUB_SECRET_*} or a file under {@code hub.connectors.secrets-dir}
     * (after following links); anything else (say the database password's variable) is refused, naming the field.
     */
    public void requireAllowedSources(ConnectorDefinition definition) {
        java.util.Map<String, ConnectorDefinition.SecretRef> refs = new java.util.LinkedHashMap<>();
        refs.put("$.secret", definition.secret());
        refs.put("$.inbound.password", ConnectorDefinition.SecretRef.of(definition.inbound().options().get("password")));
        refs.put("$.outbound.password", ConnectorDefinition.SecretRef.of(definition.outbound().options().get("password")));
        refs.put("$.outbound.signingKey", definition.signingKey());
        refs.forEach((path, ref) -> {
            if (ref == null) {
                return;
            }
            if (ref.env() != null && !ref.env().startsWith(ENV_PREFIX)) {
                throw invalid(definition, path + ".env", "シークレットは " + ENV_PREFIX + " で始まる環境変数からのみ読めます。"
                        + " / A secret may come only from an environment variable starting with " + ENV_PREFIX + ".");
            }
            if (ref.file() != null && !underSecretsDir(ref.file())) {
                throw invalid(definition, path + ".file", "シークレットのファイルはシークレット用ディレクトリ (hub.connectors.secrets-dir)"
                        + " の下に置いてください。 / A secret file must be under the secrets directory (hub.connectors.secrets-dir).");
            }
        });
    }

    private boolean underSecretsDir(String file) {
        if (secretsDir == null) {
            return false;
        }
        Path path = secretsDir.resolve(file).normalize();
        if (!path.startsWith(secretsDir)) {
            return false;
        }
        try {
            // links: the real file must be under the real directory
            return !Files.exists(path) || path.toRealPath().startsWith(secretsDir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The key the webhook's calls are signed with (its own secret; in the demo {@code demo-<id>-signing}). */
    public String signingKey(ConnectorDefinition definition) {
        return resolve(definition, definition.signingKey(), "$.outbound.signingKey", "demo-" + definition.id() + "-signing");
    }

    /** The agency's own secret (its broker and HTTP login). */
    public String agencySecret(ConnectorDefinition definition) {
        return resolve(definition, definition.secret(), "$.secret", "demo-" + definition.id());
    }

    /**
     * Outside the demo the hub sends only to hosts it has verified: an SFTP transport must name the
     * server's host key (without one, any server could pose as it), and a webhook must be HTTPS (its
     * certificate checked against the JVM's trusted CAs).
     */
    public void requireHostKeys(ConnectorDefinition definition) {
        for (var entry : java.util.Map.of("inbound", definition.inbound(), "outbound", definition.outbound()).entrySet()) {
            ConnectorDefinition.Transport t = entry.getValue();
            if (!demo && ConnectorDefinition.Transport.SFTP.equals(t.type()) && t.text("knownHostsFile") == null) {
                throw invalid(definition, "$." + entry.getKey(), "knownHostsFile is required for SFTP outside the demo profile");
            }
            if (!demo && ConnectorDefinition.Transport.WEBHOOK.equals(t.type()) && t.text("url") != null
                    && !t.text("url").startsWith("https://")) {
                throw invalid(definition, "$." + entry.getKey() + ".url", "a webhook must use https:// outside the demo profile");
            }
        }
    }

    /** A secret of a transport (e.g. the hub's SFTP password on the agency's server). */
    public String resolve(ConnectorDefinition definition, ConnectorDefinition.SecretRef ref, String path, String demoValue) {
        String value = null;
        if (ref.env() != null && !ref.env().startsWith(ENV_PREFIX)) {
            throw invalid(definition, path + ".env", "a secret may come only from an environment variable starting with " + ENV_PREFIX);
        }
        if (ref.env() != null) {
            value = environment.getProperty(ref.env());
        } else if (ref.file() != null) {
            if (!underSecretsDir(ref.file())) {
                throw invalid(definition, path + ".file", "a secret file must be under the secrets directory (hub.connectors.secrets-dir)");
            }
            try {
                value = Files.readString(secretsDir.resolve(ref.file()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw invalid(definition, path, "secret file " + ref.file() + " cannot be read");
            }
        }
        if (value == null || value.isBlank()) {
            if (demo && demoValue != null) {
                return demoValue;
            }
            throw invalid(definition, path, "secret is not set (" + ref + ")");
        }
        if (!demo && value.startsWith("demo-")) {
            throw invalid(definition, path, "a demo secret is refused outside the demo profile (" + ref + ")");
        }
        java.util.Optional<String> weak = demo ? java.util.Optional.empty() : weakness(value);
        if (weak.isPresent()) {
            throw invalid(definition, path, "the secret is refused outside the demo profile: " + weak.get() + " (" + ref + ")");
        }
        return value;
    }

    public static final int MIN_SECRET_LENGTH = 16;

    /** Why a secret is refused outside the demo (empty, a placeholder, a demo secret, too short), or empty when it may be used. */
    public static java.util.Optional<String> weakness(String secret) {
        if (secret == null || secret.isBlank() || secret.contains("${")) {
            return java.util.Optional.of("empty or not set / 空か未設定です");
        }
        String plain = secret.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (secret.toLowerCase(java.util.Locale.ROOT).startsWith("demo")) {
            return java.util.Optional.of("a demo secret / デモ用のシークレットです");
        }
        if (plain.contains("changeme") || plain.contains("changeit") || plain.contains("replaceme")) {
            return java.util.Optional.of("a placeholder such as change-me / change-me などの仮の値です");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            return java.util.Optional.of("shorter than " + MIN_SECRET_LENGTH + " characters / " + MIN_SECRET_LENGTH + "文字未満です");
        }
        return java.util.Optional.empty();
    }

    private static InvalidConnectorException invalid(ConnectorDefinition definition, String path, String message) {
        return new InvalidConnectorException(new InvalidConnectorException.Problem(definition.source(), 0, 0, path, message));
    }
}
