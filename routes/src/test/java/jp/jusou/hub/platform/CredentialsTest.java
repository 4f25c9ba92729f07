package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import jp.jusou.hub.connectors.AgencyDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Demo secrets work only in the demo profile; outside it the hub refuses to start. */
class CredentialsTest {

    static final AgencyDirectory DIRECTORY = directory();

    static AgencyDirectory directory() {
        try {
            return new AgencyDirectory("classpath*:connectors/*.yaml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HubProperties properties(boolean demoSecrets, String brokerPassword, Map<String, HubProperties.User> users) {
        return new HubProperties("./target/x", 262144, demoSecrets, new HubProperties.Intake(1),
                new HubProperties.Inbox(Duration.ofMinutes(5), 100),
                new HubProperties.Broker(false, 0, "tcp://127.0.0.1:1", "hub", brokerPassword, "", 1, 1, 1, 1),
                new HubProperties.Operations(Duration.ofSeconds(10)), users);
    }

    @Test
    void demoProfileGivesEveryAgencyItsDemoSecret() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("demo");
        Credentials credentials = new Credentials(DIRECTORY, properties(true, "x", Map.of()), env);
        assertThat(credentials.authenticate("omuta-takikan", "demo-omuta-takikan")).isPresent();
        assertThat(credentials.authenticate("omuta-takikan", "demo-omuta-jiritsu")).isEmpty();
        assertThat(credentials.authenticate("nobody", "demo-nobody")).isEmpty();
    }

    @Test
    void outsideTheDemoProfileAnAgencyWithoutSecretStopsTheStart() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("external");
        assertThatThrownBy(() -> new Credentials(DIRECTORY, properties(true, "x", Map.of()), env))
                .hasMessageContaining("has no secret");
    }

    @Test
    void outsideTheDemoProfileADemoSecretIsRefused() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("external");
        DIRECTORY.all().forEach(a -> env.setProperty(a.secretEnv(), "s3cret-" + a.id()));
        assertThat(new Credentials(DIRECTORY, properties(false, "x", Map.of()), env)
                .authenticate("omuta-jiritsu", "s3cret-omuta-jiritsu")).isPresent();

        env.setProperty("HUB_SECRET_OMUTA_JIRITSU", "demo-omuta-jiritsu");
        assertThatThrownBy(() -> new Credentials(DIRECTORY, properties(false, "x", Map.of()), env))
                .hasMessageContaining("demo secret outside the demo profile");

        env.setProperty("HUB_SECRET_OMUTA_JIRITSU", "s3cret");
        assertThatThrownBy(() -> new Credentials(DIRECTORY,
                properties(false, "x", Map.of("operator", new HubProperties.User("demo-operator", "OPERATOR"))), env))
                .hasMessageContaining("demo secret outside the demo profile");
    }
}
