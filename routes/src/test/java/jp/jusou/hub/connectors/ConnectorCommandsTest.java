package jp.jusou.hub.connectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each command changes the routes here, records itself in the registry and announces itself. */
class ConnectorCommandsTest {

    @TempDir
    Path exchange;

    final ConnectorRegistry registry = RuntimeFixtures.registry();
    final AgencyDirectory directory = new AgencyDirectory();
    final RuntimeFixtures.FakeLauncher launcher = new RuntimeFixtures.FakeLauncher();
    final RunningConnectors running = new RunningConnectors();
    final List<ConnectorChanged> events = new ArrayList<>();
    ConnectorCommands commands;

    @BeforeEach
    void parts() {
        Secrets secrets = RuntimeFixtures.secrets();
        ConnectorProperties properties = RuntimeFixtures.properties(exchange);
        LocalRoutes local = new LocalRoutes(directory, launcher, secrets, running, RuntimeFixtures.CLOCK);
        commands = new ConnectorCommands(registry, directory, launcher, secrets, new ConnectorGuards(properties, secrets),
                new PinnedDefinitions(new MappingCatalog(properties)), running, local, properties,
                e -> events.add((ConnectorChanged) e), RuntimeFixtures.CLOCK);
    }

    @Test
    void deployThenUpdateNumbersTheVersionsAndLeavesAnUnchangedTextAlone() {
        assertThat(commands.deploy(RuntimeFixtures.kodomo("一"), "alice")).isEqualTo(new ConnectorRuntime.Deployment("omuta-kodomo", 1, "deploy"));
        assertThat(commands.deploy(RuntimeFixtures.kodomo("一"), "alice")).isEqualTo(new ConnectorRuntime.Deployment("omuta-kodomo", 1, "unchanged"));
        assertThat(commands.deploy(RuntimeFixtures.kodomo("二"), "bob")).isEqualTo(new ConnectorRuntime.Deployment("omuta-kodomo", 2, "update"));

        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isEqualTo(2);
        assertThat(registry.versions("omuta-kodomo")).extracting(ConnectorRegistry.Version::status).containsExactly("superseded", "active");
        assertThat(running.status("omuta-kodomo").orElseThrow().changedBy()).isEqualTo("bob");
        assertThat(events).extracting(ConnectorChanged::action).containsExactly("deploy", "update");
    }

    @Test
    void anUpdateWhoseRoutesFailIsRecordedAsFailedAndThePreviousVersionKeepsRunning() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        launcher.failStart.add("omuta-kodomo");

        assertThatThrownBy(() -> commands.deploy(RuntimeFixtures.kodomo("二"), "alice"))
                .isInstanceOfSatisfying(ConnectorStartException.class, e -> assertThat(e.version()).isEqualTo(2))
                .hasMessageContaining("port in use");

        assertThat(registry.versions("omuta-kodomo")).extracting(ConnectorRegistry.Version::status).containsExactly("active", "failed");
        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isEqualTo(1);
        assertThat(running.require("omuta-kodomo").version()).isEqualTo(1);
        assertThat(events).extracting(ConnectorChanged::action).containsExactly("deploy", "deploy-failed");
    }

    @Test
    void rollbackGoesToTheVersionBeforeButNeverToOneThatNeverStarted() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        commands.deploy(RuntimeFixtures.kodomo("二"), "alice");
        launcher.failStart.add("omuta-kodomo");
        assertThatThrownBy(() -> commands.deploy(RuntimeFixtures.kodomo("三"), "alice")).isInstanceOf(ConnectorStartException.class);
        launcher.failStart.clear();

        assertThat(commands.rollbackTarget("omuta-kodomo", null).version()).isEqualTo(1);
        assertThatThrownBy(() -> commands.rollbackTarget("omuta-kodomo", 3)).isInstanceOf(ConnectorConflictException.class)
                .hasMessageContaining("never started");
        assertThatThrownBy(() -> commands.rollbackTarget("omuta-kodomo", 9)).isInstanceOf(ConnectorConflictException.class);
        assertThatThrownBy(() -> commands.rollbackTarget("omuta-sanka", null)).isInstanceOf(UnknownConnectorException.class);

        assertThat(commands.rollback("omuta-kodomo", null, "bob")).isEqualTo(new ConnectorRuntime.Deployment("omuta-kodomo", 1, "rollback"));
        assertThat(running.definition("omuta-kodomo").orElseThrow().agency().name()).isEqualTo("一");
        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).detail()).isEqualTo("from version 2");
    }

    @Test
    void pauseAndResumeReachTheRoutesAndTheRegistry() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        commands.setPaused("omuta-kodomo", true, "bob");
        assertThat(registry.state("omuta-kodomo").orElseThrow().paused()).isTrue();
        assertThat(running.status("omuta-kodomo").orElseThrow().state()).isEqualTo(ConnectorStatus.PAUSED);

        assertThat(commands.deploy(RuntimeFixtures.kodomo("二"), "alice").version()).isEqualTo(2);
        assertThat(registry.state("omuta-kodomo").orElseThrow().paused()).as("an update keeps the pause").isTrue();

        commands.setPaused("omuta-kodomo", false, "bob");
        assertThat(launcher.calls).contains("pause omuta-kodomo", "resume omuta-kodomo");
        assertThat(running.status("omuta-kodomo").orElseThrow().state()).isEqualTo(ConnectorStatus.RUNNING);
        assertThat(events).extracting(ConnectorChanged::action).containsExactly("deploy", "pause", "update", "resume");
        assertThatThrownBy(() -> commands.setPaused("omuta-sanka", true, "bob")).isInstanceOf(UnknownConnectorException.class);
    }

    @Test
    void undeployDrainsThenRemovesEverything() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        launcher.calls.clear();
        commands.undeploy("omuta-kodomo", "bob");

        assertThat(launcher.calls).containsExactly("stopInput omuta-kodomo", "drain omuta-kodomo", "stop omuta-kodomo");
        assertThat(directory.isKnown("omuta-kodomo")).isFalse();
        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isNull();
        assertThat(running.status("omuta-kodomo")).isEmpty();
        assertThat(events.get(events.size() - 1).action()).isEqualTo("undeploy");
    }

    @Test
    void anUndeployThatDoesNotDrainPutsEverythingBack() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        launcher.drains = false;
        launcher.calls.clear();

        assertThatThrownBy(() -> commands.undeploy("omuta-kodomo", "bob")).isInstanceOf(ConnectorConflictException.class)
                .hasMessageContaining("did not drain within PT1S");

        assertThat(launcher.calls).containsExactly("stopInput omuta-kodomo", "drain omuta-kodomo", "resumeInput omuta-kodomo");
        assertThat(directory.acceptsLogin("omuta-kodomo")).isTrue();
        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isEqualTo(1);
    }

    @Test
    void aPausedConnectorIsNotUndeployed() {
        commands.deploy(RuntimeFixtures.kodomo("一"), "alice");
        commands.setPaused("omuta-kodomo", true, "bob");
        assertThatThrownBy(() -> commands.undeploy("omuta-kodomo", "bob")).isInstanceOf(ConnectorConflictException.class)
                .hasMessageContaining("resume it first");
        assertThat(registry.state("omuta-kodomo").orElseThrow().activeVersion()).isEqualTo(1);
    }
}
