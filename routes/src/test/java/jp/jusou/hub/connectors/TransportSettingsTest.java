package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A transport's settings: the definition's value, else the default the connector schema declares. */
class TransportSettingsTest {

    private static ConnectorDefinition parse(String inbound, String outbound) {
        return new ConnectorDefinitions(id -> true).parse("omuta-kodomo.yaml", """
                agency: {id: omuta-kodomo, name: こども, kind: kodomo, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_KODOMO}
                inbound: %s
                outbound: %s
                """.formatted(inbound, outbound));
    }

    @Test
    void aFilePollerWithoutSettingsGetsTheSchemasDefaults() {
        TransportSettings in = TransportSettings.inbound(parse("{transport: file, directory: k/in, format: json}", "{transport: broker}"));
        assertThat(in.duration("/schedule/pollInterval")).isEqualTo(Duration.ofSeconds(5));
        assertThat(in.duration("/stableFor")).isEqualTo(Duration.ofSeconds(2));
        assertThat(in.text("/include")).isEqualTo(".*\\.(csv|CSV|json|ndjson)");
    }

    @Test
    void theDefinitionsOwnValuesWin() {
        TransportSettings in = TransportSettings.inbound(parse(
                "{transport: file, directory: k/in, format: json, stableFor: PT7S, include: '.*\\.txt', schedule: {pollInterval: PT30S}}",
                "{transport: broker}"));
        assertThat(in.duration("/schedule/pollInterval")).isEqualTo(Duration.ofSeconds(30));
        assertThat(in.duration("/stableFor")).isEqualTo(Duration.ofSeconds(7));
        assertThat(in.text("/include")).isEqualTo(".*\\.txt");
    }

    @Test
    void sftpPortDefaultsInBothDirections() {
        String sftp = "{transport: sftp, host: h, path: p, username: u, password: {env: HUB_SECRET_X}, format: json%s}";
        ConnectorDefinition definition = parse(sftp.formatted(""), sftp.formatted(", port: 2222"));
        assertThat(TransportSettings.inbound(definition).integer("/port")).isEqualTo(22);
        assertThat(TransportSettings.outbound(definition).integer("/port")).isEqualTo(2222);
        assertThat(TransportSettings.inbound(definition).duration("/stableFor")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aWebhookRetriesAndTimesOutAsTheSchemaSays() {
        TransportSettings out = TransportSettings.outbound(parse("{transport: broker}",
                "{transport: webhook, url: 'https://k.example/in', signingKey: {env: HUB_SECRET_K}, retry: {attempts: 3}}"));
        assertThat(out.integer("/retry/attempts")).isEqualTo(3);
        assertThat(out.duration("/retry/initialDelay")).isEqualTo(Duration.ofSeconds(1));
        assertThat(out.number("/retry/multiplier")).isEqualTo(2.0);
        assertThat(out.duration("/retry/maxDelay")).isEqualTo(Duration.ofSeconds(60));
        assertThat(out.duration("/timeout")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aFieldWithoutValueOrDeclaredDefaultIsAnError() {
        TransportSettings in = TransportSettings.inbound(parse("{transport: file, directory: k/in, format: json}", "{transport: broker}"));
        assertThatThrownBy(() -> in.text("/doneFile")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inbound/doneFile");
        TransportSettings broker = TransportSettings.outbound(parse("{transport: broker}", "{transport: broker}"));
        assertThatThrownBy(() -> broker.duration("/timeout")).isInstanceOf(IllegalStateException.class);
    }
}
