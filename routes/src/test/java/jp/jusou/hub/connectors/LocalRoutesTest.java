package jp.jusou.hub.connectors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** This instance's routes and directory entry change together, and a failed start puts back what ran. */
class LocalRoutesTest {

    final AgencyDirectory directory = new AgencyDirectory();
    final RuntimeFixtures.FakeLauncher launcher = new RuntimeFixtures.FakeLauncher();
    final RunningConnectors running = new RunningConnectors();
    final LocalRoutes local = new LocalRoutes(directory, launcher, RuntimeFixtures.secrets(), running, RuntimeFixtures.CLOCK);

    @BeforeEach
    void watchTheDirectory() {
        launcher.directory = directory;
    }

    @Test
    void theAgencyIsInTheDirectoryWithItsSecretDigestBeforeItsRoutesStart() throws Exception {
        local.start(RuntimeFixtures.kodomo("こども"), RuntimeFixtures.SECRET, false);

        assertThat(launcher.knownAtStart).containsExactly("omuta-kodomo=true");
        assertThat(launcher.calls).containsExactly("start omuta-kodomo こども secret=" + RuntimeFixtures.SECRET);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(RuntimeFixtures.SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(directory.find("omuta-kodomo").orElseThrow().secretDigest()).isEqualTo(expected);
    }

    @Test
    void aPausedStartIsPassedOn() throws Exception {
        local.start(RuntimeFixtures.kodomo("こども"), RuntimeFixtures.SECRET, true);
        assertThat(launcher.calls).containsExactly("start omuta-kodomo こども paused secret=" + RuntimeFixtures.SECRET);
    }

    @Test
    void aNewConnectorWhoseRoutesFailLeavesNoAgencyBehind() {
        launcher.failStart.add("omuta-kodomo");
        assertThatThrownBy(() -> local.start(RuntimeFixtures.kodomo("こども"), RuntimeFixtures.SECRET, false))
                .isInstanceOf(IllegalStateException.class);
        assertThat(directory.isKnown("omuta-kodomo")).isFalse();
    }

    @Test
    void anUpdateWhoseRoutesFailRestartsThePreviousVersion() throws Exception {
        ConnectorDefinition before = RuntimeFixtures.kodomo("前");
        local.start(before, RuntimeFixtures.SECRET, false);
        running.put("omuta-kodomo", new RunningConnectors.Running(before, 1, 1, false, null, RuntimeFixtures.CLOCK.instant(), "a"));
        launcher.calls.clear();
        launcher.failStart.add("omuta-kodomo");

        assertThatThrownBy(() -> local.start(RuntimeFixtures.kodomo("後"), RuntimeFixtures.SECRET, false))
                .isInstanceOf(IllegalStateException.class);

        assertThat(launcher.calls).containsExactly("stop omuta-kodomo", "start omuta-kodomo 後 secret=" + RuntimeFixtures.SECRET,
                "start omuta-kodomo 前 secret=" + RuntimeFixtures.SECRET);
        assertThat(directory.find("omuta-kodomo").orElseThrow().name()).as("the previous agency is back").isEqualTo("前");
        assertThat(running.status("omuta-kodomo").orElseThrow().state())
                .as("the previous version failed to restart too: recorded here").isEqualTo(ConnectorStatus.FAILED);
        assertThat(running.require("omuta-kodomo").error()).isEqualTo("IllegalStateException: port in use");
    }

    @Test
    void removeStopsTheRoutesAndForgetsTheAgency() throws Exception {
        local.start(RuntimeFixtures.kodomo("こども"), RuntimeFixtures.SECRET, false);
        local.remove("omuta-kodomo");
        assertThat(launcher.calls).endsWith("stop omuta-kodomo");
        assertThat(directory.all()).isEmpty();
    }
}
