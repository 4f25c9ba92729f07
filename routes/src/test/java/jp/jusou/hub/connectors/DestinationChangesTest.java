package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which connector changes need a second admin: those of where data goes or which secret is used, and only those. */
class DestinationChangesTest {

    static final String FILE = """
            agency: {id: omuta-sanka, name: 大牟田市参加支援事業所, kind: other, municipality: "402028"}
            secret: {env: HUB_SECRET_OMUTA_SANKA}
            inbound: {transport: file, format: json, directory: omuta-sanka/to-hub, schedule: {pollInterval: PT2S}}
            outbound: {transport: webhook, url: "http://127.0.0.1:8089/hook", signingKey: {env: HUB_SECRET_SANKA_SIGNING}, retry: {attempts: 3}}
            """;

    static ConnectorDefinition parse(String yaml) {
        return new ConnectorDefinitions(id -> true).parse("omuta-sanka.yaml", yaml);
    }

    @Test
    void destinationsSecretsAndCertificateMappingNeedASecondAdmin() {
        ConnectorDefinition before = parse(FILE);
        assertThat(DestinationChanges.between(before, parse(FILE.replace("127.0.0.1:8089", "127.0.0.1:9999"))))
                .containsExactly("$.outbound.url");
        assertThat(DestinationChanges.between(before, parse(FILE.replace("HUB_SECRET_SANKA_SIGNING", "HUB_SECRET_OTHER"))))
                .containsExactly("$.outbound.signingKey");
        assertThat(DestinationChanges.between(before, parse(FILE.replace("{env: HUB_SECRET_OMUTA_SANKA}", "{env: HUB_SECRET_X}"))))
                .containsExactly("$.secret");
        assertThat(DestinationChanges.between(before, parse(FILE.replace("omuta-sanka/to-hub", "omuta-sanka/other"))))
                .containsExactly("$.inbound.directory");
        assertThat(DestinationChanges.between(before, parse(FILE + "certificate: {san: sanka.example.jp}\n")))
                .containsExactly("$.certificate");
        assertThat(DestinationChanges.between(before, parse(FILE.replace(
                "outbound: {transport: webhook, url: \"http://127.0.0.1:8089/hook\", signingKey: {env: HUB_SECRET_SANKA_SIGNING}, retry: {attempts: 3}}",
                "outbound: {transport: sftp, host: 127.0.0.1, port: 2222, path: /x, username: u, password: {env: HUB_SECRET_P}, format: json}"))))
                .contains("$.outbound.transport", "$.outbound.url", "$.outbound.host", "$.outbound.password");
    }

    @Test
    void namesSchedulesAndRetriesStayOneStep() {
        ConnectorDefinition before = parse(FILE);
        assertThat(DestinationChanges.between(before, parse(FILE.replace("大牟田市参加支援事業所", "大牟田市参加支援センター")
                .replace("PT2S", "PT5S").replace("attempts: 3", "attempts: 5")))).isEmpty();
    }

    @Test
    void aNewConnectorNeedsASecondAdminOnlyWhenTheHubDrivesATransport() {
        assertThat(DestinationChanges.between(null, parse(FILE)))
                .contains("$.inbound.directory", "$.outbound.url", "$.outbound.signingKey");
        assertThat(DestinationChanges.between(null, parse("""
                agency: {id: omuta-sanka, name: 大牟田市参加支援事業所, kind: other, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_SANKA}
                inbound: {transport: broker}
                outbound: {transport: https}
                """))).isEmpty();
    }
}
