package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.connectors.Directories;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Logins: agencies with the secret their deployed connector resolved (see SecretsTest for where it
 * comes from), operator-side users from the configuration; demo passwords only in the demo profile.
 */
class CredentialsTest {

    static final AgencyDirectory DIRECTORY = Directories.of(
            new Agency("omuta-takikan", "多機関", "takikan", "402028", "", "env X", "omuta-takikan.yaml",
                    jp.jusou.hub.message.Hashing.sha256("s3cret-takikan")));

    static HubProperties properties(boolean demoSecrets, String brokerPassword, Map<String, HubProperties.User> users) {
        return new HubProperties("./target/x", 262144, demoSecrets, new HubProperties.Intake(1),
                new HubProperties.Inbox(Duration.ofMinutes(5), 100),
                new HubProperties.Broker(false, 0, "tcp://127.0.0.1:1", "hub", brokerPassword, "", 1, 1, 1, 1),
                users,
                new HubProperties.Jms(Duration.ofSeconds(1), 1, 100), new HubProperties.Database(Duration.ofSeconds(1)));
    }

    @Test
    void anAgencyLogsInWithItsConnectorsSecretOnly() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("external");
        Credentials credentials = new Credentials(DIRECTORY, properties(false, "x", Map.of()), env);
        assertThat(credentials.authenticate("omuta-takikan", "s3cret-takikan")).isPresent();
        assertThat(credentials.authenticate("omuta-takikan", "demo-omuta-takikan")).isEmpty();
        assertThat(credentials.authenticate("nobody", "s3cret-takikan")).isEmpty();
    }

    @Test
    void outsideTheDemoProfileADemoPasswordStopsTheStart() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("external");
        assertThatThrownBy(() -> new Credentials(DIRECTORY,
                properties(false, "x", Map.of("prometheus", new HubProperties.User("demo-prometheus", "METRICS"))), env))
                .hasMessageContaining("demo secret outside the demo profile");
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(new Credentials(DIRECTORY,
                properties(true, "x", Map.of("prometheus", new HubProperties.User("demo-prometheus", "METRICS"))), demo)
                .authenticate("prometheus", "demo-prometheus")).isPresent();
    }

    @Test
    void peopleAreNotConfigurationUsers() {
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThatThrownBy(() -> new Credentials(DIRECTORY,
                properties(true, "x", Map.of("operator", new HubProperties.User("demo-operator", "OPERATOR"))), demo))
                .hasMessageContaining("hub.users.operator: role OPERATOR is a person's");
    }
}
