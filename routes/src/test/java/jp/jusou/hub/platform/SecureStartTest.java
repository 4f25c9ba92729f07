package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.HubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The hub never starts by a default, a guess or a placeholder: without a profile it refuses and says
 * which to choose; outside the demo it refuses weak secrets and plain connections, naming each setting
 * (and the environment variable behind it). Real start-ups of the application, refused before any
 * bean exists.
 */
class SecureStartTest {

    /** A complete, safe external configuration; each test spoils one part of it. */
    private static List<String> external(String... overrides) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=external",
                "--hub.data-dir=./target/test-data/secure-start",
                "--HUB_BROKER_URL=tcp://artemis:61617?sslEnabled=true",
                "--HUB_BROKER_PASSWORD=broker-secret-0123456",
                "--HUB_DB_URL=jdbc:postgresql://db:5432/jusou_hub?sslmode=verify-full",
                "--HUB_DB_USER=jusou_hub",
                "--HUB_DB_PASSWORD=database-secret-0123",
                "--HUB_METRICS_PASSWORD=metrics-secret-01234"));
        for (String override : overrides) { // a repeated argument would be joined with a comma, not replaced
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
        return args;
    }

    /** The refusal's message, from wherever Spring wrapped it. */
    private static String refusal(List<String> args) {
        Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(HubApplication.class).logStartupInfo(false)
                .run(args.toArray(String[]::new)).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Refusing to start")) {
                return t.getMessage();
            }
        }
        throw new AssertionError("the hub did not refuse to start", thrown);
    }

    @Test
    void withoutAProfileTheHubRefusesAndNamesTheProfiles() {
        String message = refusal(List.of("--hub.data-dir=./target/test-data/secure-start", "--server.port=0"));
        assertThat(message).contains("no profile is active", "--spring.profiles.active=demo", "--spring.profiles.active=external")
                .contains("プロファイルが指定されていません");
    }

    @Test
    void aChangeMeSecretIsRefusedNamingTheSettingAndItsVariable() {
        String message = refusal(external("--HUB_METRICS_PASSWORD=change-me"));
        assertThat(message).contains("hub.users.prometheus.password (HUB_METRICS_PASSWORD)", "change-me")
                .doesNotContain("hub.broker.password", "spring.datasource");
    }

    @Test
    void emptyShortAndDemoSecretsAreRefusedEachByName() {
        String message = refusal(external("--HUB_DB_PASSWORD=", "--HUB_METRICS_PASSWORD=short-one", "--HUB_BROKER_PASSWORD=demo-broker-password"));
        assertThat(message).contains("spring.datasource.password (HUB_DB_PASSWORD): empty",
                "hub.users.prometheus.password (HUB_METRICS_PASSWORD): shorter than 16 characters",
                "hub.broker.password (HUB_BROKER_PASSWORD): a demo secret");
    }

    @Test
    void anUnsetSecretIsRefused() {
        List<String> args = external();
        args.removeIf(a -> a.startsWith("--HUB_METRICS_PASSWORD="));
        assertThat(refusal(args)).contains("hub.users.prometheus.password (HUB_METRICS_PASSWORD): empty or not set");
    }

    @Test
    void plainHttpDatabaseAndBrokerConnectionsAreRefusedUnlessExplicitlyAllowed() {
        List<String> args = external("--HUB_DB_URL=jdbc:postgresql://db:5432/jusou_hub", "--HUB_BROKER_URL=tcp://artemis:61616");
        args.add("--server.ssl.bundle=");
        assertThat(refusal(args)).contains("server.ssl.bundle: HTTPS is not configured",
                "spring.datasource.url (HUB_DB_URL): PostgreSQL needs sslmode=verify-full",
                "hub.broker.url (HUB_BROKER_URL): the broker connection needs sslEnabled=true");
        List<String> plainHttpConnector = external("--hub.http.plain-port=8080");
        assertThat(refusal(plainHttpConnector)).contains("hub.http.plain-port");
        // each switch allows exactly its own connection
        args.add("--hub.insecure.plain-http=true");
        args.add("--hub.insecure.plain-broker=true");
        assertThat(refusal(args)).contains("spring.datasource.url").doesNotContain("server.ssl.bundle", "hub.broker.url");
    }

    @Test
    void aRefusalIsShownAsItsMessageAndTheActionNotAStackTrace() {
        var analysis = new RefusedStartAnalyzer().analyze(new SecureStart.Refused("Refusing to start: x"));
        assertThat(analysis.getDescription()).isEqualTo("Refusing to start: x");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void weakSecrets() {
        for (String weak : new String[] {"", " ", "change-me", "CHANGE_ME_PLEASE_1234", "changeit-0123456789", "demo-omuta-kodomo-long",
                "fifteen-chars-x", "${HUB_SECRET_X}"}) {
            assertThat(SecureStart.weakness(weak)).as(weak).isPresent();
        }
        assertThat(SecureStart.weakness("sixteen-chars-ok")).isEmpty();
        assertThat(SecureStart.weakness("y8Rk2w9ZqLm4Tn7Vx1Pc")).isEmpty();
    }
}
