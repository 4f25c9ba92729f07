package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What this instance runs, and the status operators see of it. */
class RunningConnectorsTest {

    final RunningConnectors running = new RunningConnectors();
    final Instant at = RuntimeFixtures.CLOCK.instant();

    @Test
    void statusSaysRunningPausedOrFailedWithTheAgencyAndTransports() {
        running.put("omuta-kodomo", new RunningConnectors.Running(RuntimeFixtures.kodomo("こども"), 3, 7, false, null, at, "alice"));
        ConnectorStatus status = running.status("omuta-kodomo").orElseThrow();
        assertThat(status).isEqualTo(new ConnectorStatus("omuta-kodomo", "こども", "kodomo", "402028", "大牟田市", 3,
                ConnectorStatus.RUNNING, "broker", "broker", at, "alice", null));

        running.put("omuta-kodomo", new RunningConnectors.Running(RuntimeFixtures.kodomo("こども"), 3, 8, true, null, at, "bob"));
        assertThat(running.status("omuta-kodomo").orElseThrow().state()).isEqualTo(ConnectorStatus.PAUSED);

        running.put("omuta-kodomo", running.require("omuta-kodomo").failed(9, "port in use", at));
        ConnectorStatus failed = running.status("omuta-kodomo").orElseThrow();
        assertThat(failed.state()).as("an error wins over paused").isEqualTo(ConnectorStatus.FAILED);
        assertThat(failed.error()).isEqualTo("port in use");
        assertThat(failed.changedBy()).isEqualTo(ConnectorRuntime.SYSTEM);
        assertThat(running.require("omuta-kodomo").revision()).isEqualTo(9);
    }

    @Test
    void statusesAreSortedByAgency() {
        ConnectorDefinition sanka = new ConnectorDefinitions(id -> false).parse("omuta-sanka.yaml", SecretsTest.YAML);
        running.put("omuta-sanka", new RunningConnectors.Running(sanka, 1, 1, false, null, at, "a"));
        running.put("omuta-kodomo", new RunningConnectors.Running(RuntimeFixtures.kodomo("こども"), 1, 1, false, null, at, "a"));
        assertThat(running.statuses()).extracting(ConnectorStatus::agencyId).containsExactly("omuta-kodomo", "omuta-sanka");
    }

    @Test
    void anAgencyNotRunningHereHasNoStatusAndIsUnknownToCommands() {
        assertThat(running.status("omuta-kodomo")).isEmpty();
        assertThat(running.definition("omuta-kodomo")).isEmpty();
        assertThatThrownBy(() -> running.require("omuta-kodomo")).isInstanceOf(UnknownConnectorException.class)
                .hasMessage("no deployed connector omuta-kodomo");

        running.put("omuta-kodomo", new RunningConnectors.Running(RuntimeFixtures.kodomo("こども"), 1, 1, false, null, at, "a"));
        assertThat(running.definition("omuta-kodomo").orElseThrow().agency().name()).isEqualTo("こども");
        running.remove("omuta-kodomo");
        assertThat(running.statuses()).isEmpty();
    }
}
