package jp.jusou.hub.connectors;

import java.nio.file.Path;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** A second instance follows what the first one changed in the shared registry. */
class ReconciliationTest {

    @TempDir
    Path exchange;

    final ConnectorRegistry registry = RuntimeFixtures.registry();
    ConnectorCommands first;

    final AgencyDirectory directory = new AgencyDirectory();
    final RuntimeFixtures.FakeLauncher launcher = new RuntimeFixtures.FakeLauncher();
    final RunningConnectors running = new RunningConnectors();
    Reconciliation second;

    @BeforeEach
    void twoInstances() {
        Secrets secrets = RuntimeFixtures.secrets();
        ConnectorProperties properties = RuntimeFixtures.properties(exchange);
        PinnedDefinitions definitions = new PinnedDefinitions(new MappingCatalog(properties));
        AgencyDirectory firstDirectory = new AgencyDirectory();
        RuntimeFixtures.FakeLauncher firstLauncher = new RuntimeFixtures.FakeLauncher();
        RunningConnectors firstRunning = new RunningConnectors();
        first = new ConnectorCommands(registry, firstDirectory, firstLauncher, secrets, new ConnectorGuards(properties, secrets),
                definitions, firstRunning, new LocalRoutes(firstDirectory, firstLauncher, secrets, firstRunning, RuntimeFixtures.CLOCK),
                properties, e -> { }, RuntimeFixtures.CLOCK);
        second = new Reconciliation(registry, directory, launcher, secrets, definitions, running,
                new LocalRoutes(directory, launcher, secrets, running, RuntimeFixtures.CLOCK), RuntimeFixtures.CLOCK);
    }

    @Test
    void followsADeployAnUpdateAPauseAndAnUndeployMadeElsewhere() {
        first.deploy(RuntimeFixtures.kodomo("一"), "alice");
        second.reconcile();
        assertThat(launcher.calls).containsExactly("start omuta-kodomo 一 secret=" + RuntimeFixtures.SECRET);
        assertThat(running.status("omuta-kodomo").orElseThrow().changedBy()).as("who changed it, from the registry").isEqualTo("alice");

        second.reconcile();
        assertThat(launcher.calls).as("nothing moved: nothing done").hasSize(1);

        first.deploy(RuntimeFixtures.kodomo("二"), "alice");
        first.setPaused("omuta-kodomo", true, "bob");
        second.reconcile();
        assertThat(launcher.calls).endsWith("stop omuta-kodomo", "start omuta-kodomo 二 paused secret=" + RuntimeFixtures.SECRET);
        assertThat(running.status("omuta-kodomo").orElseThrow().state()).isEqualTo(ConnectorStatus.PAUSED);

        first.setPaused("omuta-kodomo", false, "bob");
        second.reconcile();
        assertThat(launcher.calls).endsWith("resume omuta-kodomo");
        assertThat(running.status("omuta-kodomo").orElseThrow().state()).isEqualTo(ConnectorStatus.RUNNING);

        first.undeploy("omuta-kodomo", "bob");
        second.reconcile();
        assertThat(launcher.calls).endsWith("stop omuta-kodomo");
        assertThat(running.statuses()).isEmpty();
        assertThat(directory.isKnown("omuta-kodomo")).isFalse();
    }

    @Test
    void aVersionThatCannotStartHereIsShownFailedAndTriedAgainAtTheNextChange() {
        first.deploy(RuntimeFixtures.kodomo("一"), "alice");
        second.reconcile();
        first.deploy(RuntimeFixtures.kodomo("二"), "alice");
        launcher.failStart.add("omuta-kodomo");
        second.reconcile();

        ConnectorStatus status = running.status("omuta-kodomo").orElseThrow();
        assertThat(status.state()).isEqualTo(ConnectorStatus.FAILED);
        assertThat(status.version()).as("still the version that ran here").isEqualTo(1);
        assertThat(status.changedBy()).isEqualTo(ConnectorRuntime.SYSTEM);

        launcher.failStart.clear();
        first.setPaused("omuta-kodomo", true, "bob");
        second.reconcile();
        assertThat(running.status("omuta-kodomo").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void everyActiveAgencyIsKnownBeforeAnyRouteStarts() {
        first.deploy(RuntimeFixtures.kodomo("一"), "alice");
        first.deploy(new ConnectorDefinitions(id -> false).parse("omuta-sanka.yaml", SecretsTest.YAML), "alice");
        first.undeploy("omuta-sanka", "bob");

        second.knowEveryAgencyFirst();

        assertThat(directory.all()).extracting(Agency::id).containsExactly("omuta-kodomo");
        assertThat(directory.find("omuta-kodomo").orElseThrow().secretDigest()).isNotEmpty();
        assertThat(launcher.calls).as("no route yet").isEmpty();
    }
}
