package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** A connector's secret comes from its environment variable or file; demo secrets only in the demo profile. */
class SecretsTest {

    static final String YAML = """
            agency: {id: omuta-sanka, name: 大牟田市参加支援事業所, kind: other, municipality: "402028"}
            secret: {env: HUB_SECRET_OMUTA_SANKA}
            inbound: {transport: broker}
            outbound: {transport: broker}
            """;

    final ConnectorDefinition definition = new ConnectorDefinitions(id -> false).parse("omuta-sanka.yaml", YAML);

    static MockEnvironment env(String profile, boolean demoSecrets) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles(profile);
        env.setProperty("hub.demo-secrets", String.valueOf(demoSecrets));
        return env;
    }

    @Test
    void demoProfileGivesAMissingSecretItsDemoValue() {
        assertThat(new Secrets(env("demo", true)).agencySecret(definition)).isEqualTo("demo-omuta-sanka");
    }

    @Test
    void outsideTheDemoProfileAMissingSecretStopsTheDeployment() {
        assertThatThrownBy(() -> new Secrets(env("external", true)).agencySecret(definition))
                .isInstanceOf(InvalidConnectorException.class)
                .hasMessageContaining("omuta-sanka.yaml").hasMessageContaining("secret is not set (env HUB_SECRET_OMUTA_SANKA)");
    }

    @Test
    void outsideTheDemoProfileADemoSecretIsRefused() {
        MockEnvironment env = env("external", false);
        env.setProperty("HUB_SECRET_OMUTA_SANKA", "a-real-secret-0123");
        assertThat(new Secrets(env).agencySecret(definition)).isEqualTo("a-real-secret-0123");
        env.setProperty("HUB_SECRET_OMUTA_SANKA", "demo-omuta-sanka");
        assertThatThrownBy(() -> new Secrets(env).agencySecret(definition))
                .hasMessageContaining("demo secret is refused outside the demo profile");
    }

    @Test
    void outsideTheDemoAWeakSecretIsRefused() {
        MockEnvironment env = env("external", false);
        for (String weak : new String[] {"s3cret", "change-me", "CHANGE_ME_0123456789"}) {
            env.setProperty("HUB_SECRET_OMUTA_SANKA", weak);
            assertThatThrownBy(() -> new Secrets(env).agencySecret(definition)).as(weak)
                    .hasMessageContaining("$.secret").hasMessageContaining("refused outside the demo profile");
        }
    }

    @Test
    void outsideTheDemoAWebhookMustBeHttps() {
        ConnectorDefinition webhook = new ConnectorDefinitions(id -> true).parse("omuta-sanka.yaml", YAML.replace(
                "outbound: {transport: broker}", "outbound: {transport: webhook, url: \"http://sanka.example.jp/hub\", signingKey: {env: HUB_SECRET_SANKA_SIGNING}}"));
        new Secrets(env("demo", true)).requireHostKeys(webhook);
        assertThatThrownBy(() -> new Secrets(env("external", false)).requireHostKeys(webhook))
                .hasMessageContaining("$.outbound.url").hasMessageContaining("https://");
        new Secrets(env("external", false)).requireHostKeys(new ConnectorDefinitions(id -> true).parse("omuta-sanka.yaml",
                YAML.replace("outbound: {transport: broker}", "outbound: {transport: webhook, url: \"https://sanka.example.jp/hub\", signingKey: {env: HUB_SECRET_SANKA_SIGNING}}")));
    }

    @Test
    void outsideTheDemoSftpNeedsTheServersHostKey() {
        ConnectorDefinition sftp = new ConnectorDefinitions(id -> true).parse("omuta-sanka.yaml", YAML.replace(
                "inbound: {transport: broker}", "inbound: {transport: sftp, host: h, path: /in, username: u, password: {env: HUB_SECRET_P}, format: json}"));
        new Secrets(env("demo", true)).requireHostKeys(sftp);
        assertThatThrownBy(() -> new Secrets(env("external", false)).requireHostKeys(sftp))
                .hasMessageContaining("$.inbound").hasMessageContaining("knownHostsFile is required");
    }

    @Test
    void aSecretFileIsReadAndTrimmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "from-a-file-0123456789\n");
        ConnectorDefinition fromFile = new ConnectorDefinitions(id -> false).parse("omuta-sanka.yaml",
                YAML.replace("{env: HUB_SECRET_OMUTA_SANKA}", "{file: \"" + file + "\"}"));
        MockEnvironment env = env("external", false);
        env.setProperty("hub.connectors.secrets-dir", dir.toString());
        assertThat(new Secrets(env).agencySecret(fromFile)).isEqualTo("from-a-file-0123456789");
    }
}
