package jp.jusou.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's checks and its JAAS login configuration, without starting a broker
 * ({@code ExternalBrokerTest} runs one), and {@code bin/broker} refusing to start.
 */
class StandaloneBrokerTest {

    @TempDir
    Path dir;

    @Test
    void takesTheFourLocationsAsArguments() throws Exception {
        StandaloneBroker.Options options = StandaloneBroker.parse(new String[] {
                "--config", "broker.xml", "--data=data", "--users", "u.properties", "--roles", "r.properties"});
        assertThat(options.config()).isEqualTo(Path.of("broker.xml").toAbsolutePath());
        assertThat(options.data()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThatThrownBy(() -> StandaloneBroker.parse(new String[] {"--config", "broker.xml"}))
                .hasMessage("missing --data, --users, --roles (--help for usage)");
        assertThatThrownBy(() -> StandaloneBroker.parse(new String[] {"--port", "1"})).hasMessageContaining("unknown argument '--port'");
        assertThatThrownBy(() -> StandaloneBroker.parse(new String[] {"--config"})).hasMessageContaining("--config needs a value");
    }

    @Test
    void refusesUsersWithoutPasswordsAndMissingFiles() throws Exception {
        Path roles = write("roles.properties", "HUB=hub\n");
        assertThat(StandaloneBroker.checkUsers(write("ok.properties", "hub = " + StandaloneBroker.hash("s") + "\nx = "
                + StandaloneBroker.hash("y") + "\n"), roles)).containsOnlyKeys("hub", "x");
        assertThatThrownBy(() -> StandaloneBroker.checkUsers(write("clear.properties", "hub = " + StandaloneBroker.hash("s")
                + "\nomuta-takikan = t-secret\nomuta-kodomo = k-secret\n"), roles))
                .as("an agency's secret in clear in the users file (the broker only verifies it)")
                .hasMessageContaining("holds the password of omuta-kodomo, omuta-takikan in clear").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> StandaloneBroker.checkUsers(write("empty.properties", "hub = s\nb =\na =   \nc = ENC()\n"), roles))
                .isInstanceOf(StandaloneBroker.Refused.class)
                .hasMessageEndingWith("gives no password for a, b, c (every broker user needs one)");
        assertThatThrownBy(() -> StandaloneBroker.checkUsers(write("none.properties", "# nobody\n"), roles))
                .hasMessageEndingWith("has no users");
        assertThatThrownBy(() -> StandaloneBroker.checkUsers(dir.resolve("missing.properties"), roles))
                .hasMessageContaining("(--users) does not exist");
        assertThatThrownBy(() -> StandaloneBroker.checkUsers(write("u.properties", "hub = s\n"), dir.resolve("missing-roles")))
                .hasMessageContaining("(--roles) does not exist");
    }

    @Test
    void usersLogInThroughThePropertiesLoginModuleWithTheirRoles() throws Exception {
        Path users = write("artemis-users.properties", "hub = " + StandaloneBroker.hash("hub-secret") + "\nomuta-takikan = t-secret\n");
        Files.createDirectories(dir.resolve("etc"));
        Path roles = write("etc/artemis-roles.properties", "HUB=hub\nomuta-takikan=omuta-takikan\n");
        Configuration jaas = StandaloneBroker.loginConfiguration(users, roles);

        assertThat(principals(jaas, "hub", "hub-secret")).contains("hub", "HUB");
        assertThat(principals(jaas, "omuta-takikan", "t-secret")).contains("omuta-takikan").doesNotContain("HUB");
        assertThatThrownBy(() -> principals(jaas, "hub", "wrong")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> principals(jaas, "nobody", "x")).isInstanceOf(LoginException.class);
    }

    @Test
    void anEmptyPasswordNeverLogsInEvenIfTheUsersFileGainsOneLater() throws Exception {
        Path users = write("later-users.properties", "hub = s\nlate =\n");
        Path roles = write("later-roles.properties", "HUB=hub\n");
        Configuration jaas = StandaloneBroker.loginConfiguration(users, roles);
        assertThatThrownBy(() -> principals(jaas, "late", "")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> principals(jaas, "late", null)).isInstanceOf(LoginException.class);

        // why the guard is there: the properties module alone lets such a user in
        AppConfigurationEntry properties = jaas.getAppConfigurationEntry(StandaloneBroker.JAAS_DOMAIN)[1];
        assertThat(properties.getLoginModuleName()).isEqualTo(PropertiesLoginModule.class.getName());
        Configuration alone = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {properties};
            }
        };
        assertThat(principals(alone, "late", "")).contains("late");
    }

    @Test
    void theScriptRefusesToStartWithOneLineAndNoStackTrace() throws Exception {
        Path roles = write("r.properties", "HUB=hub\n");
        Path users = write("u.properties", "hub = s\nomuta-takikan =\n");
        for (Map.Entry<String, String> refusal : Map.of(
                users.toString(), "gives no password for omuta-takikan",
                dir.resolve("missing.properties").toString(), "does not exist").entrySet()) {
            Process process = new ProcessBuilder("bash", "../bin/broker", "--config", "../deploy/artemis/broker.xml",
                    "--data", dir.resolve("data").toString(), "--users", refusal.getKey(), "--roles", roles.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isEqualTo(2);
            assertThat(output.lines()).as(output).singleElement().asString().startsWith("broker: ").contains(refusal.getValue());
            assertThat(Files.exists(dir.resolve("data"))).isFalse();
        }
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Logs in as the broker's security manager does: name and password through callbacks. */
    private static Set<String> principals(Configuration jaas, String user, String password) throws LoginException {
        Subject subject = new Subject();
        LoginContext login = new LoginContext(StandaloneBroker.JAAS_DOMAIN, subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password == null ? null : password.toCharArray());
                }
            }
        }, jaas);
        login.login();
        return subject.getPrincipals().stream().map(Principal::getName).collect(Collectors.toSet());
    }
}
