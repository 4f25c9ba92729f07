package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * Hostile connector definitions (issue 11, item 8): a directory with {@code ..}, an absolute path or a link
 * leading out of the exchange root, a webhook host off the allow-list, a secret from any environment
 * variable (say the database password's) or any file — each refused at deploy, naming the field, in
 * Japanese and English.
 */
class ConnectorGuardsTest {

    static final String YAML = """
            agency: {id: omuta-sanka, name: 大牟田市参加支援事業所, kind: other, municipality: "402028"}
            secret: {env: HUB_SECRET_OMUTA_SANKA}
            inbound: {transport: broker}
            outbound: {transport: broker}
            """;

    @TempDir
    Path dir;

    ConnectorGuards guards(Path exchange, Path secretsDir, String... allowedHosts) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("demo");
        env.setProperty("hub.demo-secrets", "true");
        env.setProperty("hub.connectors.secrets-dir", secretsDir.toString());
        ConnectorProperties properties = new ConnectorProperties(null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(60),
                exchange.toString(), secretsDir.toString(), new ConnectorProperties.Webhook(List.of(allowedHosts)), 16_777_216);
        return new ConnectorGuards(properties, new Secrets(env));
    }

    static ConnectorDefinition parse(String yaml) {
        return new ConnectorDefinitions(id -> true).parse("omuta-sanka.yaml", yaml);
    }

    static ConnectorDefinition withOutbound(String outbound) {
        return parse(YAML.replace("outbound: {transport: broker}", "outbound: " + outbound));
    }

    @Test
    void aDirectoryWithDotDotIsRefusedNamingTheField() throws Exception {
        ConnectorGuards guards = guards(Files.createDirectories(dir.resolve("exchange")), dir.resolve("secrets"));
        for (String escape : List.of("../elsewhere", "omuta-sanka/../../elsewhere", "a/..", "..")) {
            assertThatThrownBy(() -> guards.check(withOutbound("{transport: file, format: json, directory: \"" + escape + "\"}")))
                    .as(escape).isInstanceOf(InvalidConnectorException.class)
                    .hasMessageContaining("$.outbound.directory").hasMessageContaining("exchange root")
                    .hasMessageContaining("交換用ルート");
        }
        guards.check(withOutbound("{transport: file, format: json, directory: omuta-sanka/from-hub}"));
    }

    @Test
    void anAbsoluteDirectoryOutsideTheRootIsRefusedAndOneInsideIsTaken() throws Exception {
        Path exchange = Files.createDirectories(dir.resolve("exchange"));
        ConnectorGuards guards = guards(exchange, dir.resolve("secrets"));
        assertThatThrownBy(() -> guards.check(parse(YAML.replace("inbound: {transport: broker}",
                "inbound: {transport: file, format: json, directory: \"" + dir.resolve("elsewhere") + "\"}"))))
                .hasMessageContaining("$.inbound.directory");
        assertThatThrownBy(() -> guards.check(withOutbound("{transport: file, format: json, directory: /etc}")))
                .hasMessageContaining("$.outbound.directory");
        guards.check(withOutbound("{transport: file, format: json, directory: \"" + exchange.resolve("omuta-sanka") + "\"}"));
    }

    @Test
    void aLinkLeadingOutOfTheExchangeRootIsRefused() throws Exception {
        Path exchange = Files.createDirectories(dir.resolve("exchange"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(exchange.resolve("sneaky"), outside);
        ConnectorGuards guards = guards(exchange, dir.resolve("secrets"));
        assertThatThrownBy(() -> guards.check(withOutbound("{transport: file, format: json, directory: sneaky/from-hub}")))
                .hasMessageContaining("$.outbound.directory");
    }

    @Test
    void aWebhookHostOffTheAllowListIsRefusedNamingTheField() {
        ConnectorGuards guards = guards(dir, dir.resolve("secrets"), "127.0.0.1", "localhost");
        for (String url : List.of("http://attacker.example/collect", "http://127.0.0.2:8089/hook", "http://localhost.attacker.example/x",
                "http://127.0.0.1@attacker.example/x")) {
            assertThatThrownBy(() -> guards.check(withOutbound("{transport: webhook, url: \"" + url + "\","
                    + " signingKey: {env: HUB_SECRET_SANKA_SIGNING}}")))
                    .as(url).isInstanceOf(InvalidConnectorException.class)
                    .hasMessageContaining("$.outbound.url").hasMessageContaining("allow-list").hasMessageContaining("許可リスト");
        }
        guards.check(withOutbound("{transport: webhook, url: \"http://LOCALHOST:8089/hook\", signingKey: {env: HUB_SECRET_SANKA_SIGNING}}"));
        assertThatThrownBy(() -> guards(dir, dir.resolve("secrets")).check(withOutbound(
                "{transport: webhook, url: \"http://127.0.0.1:8089/hook\", signingKey: {env: HUB_SECRET_SANKA_SIGNING}}")))
                .as("an empty list allows no webhook").hasMessageContaining("$.outbound.url");
    }

    @Test
    void aSecretFromAnyOtherEnvironmentVariableIsRefusedNamingTheField() {
        ConnectorGuards guards = guards(dir, dir.resolve("secrets"));
        assertThatThrownBy(() -> guards.check(parse(YAML.replace("HUB_SECRET_OMUTA_SANKA", "SPRING_DATASOURCE_PASSWORD"))))
                .hasMessageContaining("$.secret.env").hasMessageContaining("HUB_SECRET_").hasMessageContaining("環境変数");
        assertThatThrownBy(() -> guards.check(parse(YAML.replace("inbound: {transport: broker}",
                "inbound: {transport: sftp, host: 127.0.0.1, path: /in, username: u, password: {env: HUB_BROKER_PASSWORD}, format: json}"))))
                .hasMessageContaining("$.inbound.password.env");
        assertThatThrownBy(() -> guards.check(withOutbound("{transport: webhook, url: \"http://127.0.0.1/h\","
                + " signingKey: {env: HUB_KEYS_MASTER}}"))).hasMessageContaining("$.outbound.signingKey.env");
    }

    @Test
    void aSecretFileOutsideTheSecretsDirectoryIsRefused() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path outside = Files.writeString(dir.resolve("db-password"), "the-database-password-0123");
        Files.writeString(secrets.resolve("sanka"), "sanka-secret-0123456789");
        Files.createSymbolicLink(secrets.resolve("linked"), outside);
        ConnectorGuards guards = guards(dir, secrets);
        for (String file : List.of(outside.toString(), "../db-password", "/etc/passwd", "linked")) {
            assertThatThrownBy(() -> guards.check(parse(YAML.replace("{env: HUB_SECRET_OMUTA_SANKA}", "{file: \"" + file + "\"}"))))
                    .as(file).hasMessageContaining("$.secret.file").hasMessageContaining("secrets directory");
        }
        guards.check(parse(YAML.replace("{env: HUB_SECRET_OMUTA_SANKA}", "{file: sanka}")));
        guards.check(parse(YAML.replace("{env: HUB_SECRET_OMUTA_SANKA}", "{file: \"" + secrets.resolve("sanka") + "\"}")));
    }

    @Test
    void aWebhookWithoutItsOwnSigningKeyIsNotAValidDefinition() {
        assertThatThrownBy(() -> withOutbound("{transport: webhook, url: \"http://127.0.0.1/h\"}"))
                .isInstanceOf(InvalidConnectorException.class).hasMessageContaining("signingKey");
    }
}
