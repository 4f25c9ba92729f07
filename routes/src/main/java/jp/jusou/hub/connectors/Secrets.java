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

    private final Environment environment;
    private final boolean demo;

    public Secrets(Environment environment) {
        this.environment = environment;
        this.demo = environment.acceptsProfiles(Profiles.of("demo"))
                && environment.getProperty("hub.demo-secrets", Boolean.class, false);
    }

    /** The agency's own secret (its broker and HTTP login, and the key that signs webhook calls). */
    public String agencySecret(ConnectorDefinition definition) {
        return resolve(definition, definition.secret(), "$.secret", "demo-" + definition.id());
    }

    /** A secret of a transport (e.g. the hub's SFTP password on the agency's server). */
    public String resolve(ConnectorDefinition definition, ConnectorDefinition.SecretRef ref, String path, String demoValue) {
        String value = null;
        if (ref.env() != null) {
            value = environment.getProperty(ref.env());
        } else if (ref.file() != null) {
            try {
                value = Files.readString(Path.of(ref.file()), StandardCharsets.UTF_8).strip();
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
        return value;
    }

    private static InvalidConnectorException invalid(ConnectorDefinition definition, String path, String message) {
        return new InvalidConnectorException(new InvalidConnectorException.Problem(definition.source(), 0, 0, path, message));
    }
}
