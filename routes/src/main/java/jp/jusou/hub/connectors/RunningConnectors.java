package jp.jusou.hub.connectors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.jusou.hub.agencies.Agency;

/** What this instance runs for each agency, and the status operators see of it. */
final class RunningConnectors {

    /** What this instance runs for one agency. */
    record Running(ConnectorDefinition definition, int version, long revision, boolean paused, String error,
                   Instant changedAt, String changedBy) {

        /** The same version, now failed here (its routes could not be brought to the registry's state). */
        Running failed(long revision, String error, Instant at) {
            return new Running(definition, version, revision, paused, error, at, ConnectorRuntime.SYSTEM);
        }
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();

    Optional<Running> get(String agencyId) {
        return Optional.ofNullable(running.get(agencyId));
    }

    /** What runs for the agency; {@link UnknownConnectorException} when nothing does. */
    Running require(String agencyId) {
        Running current = running.get(agencyId);
        if (current == null) {
            throw new UnknownConnectorException(agencyId);
        }
        return current;
    }

    void put(String agencyId, Running state) {
        running.put(agencyId, state);
    }

    void remove(String agencyId) {
        running.remove(agencyId);
    }

    /** The running definition (for the CLI's test and the file routes). */
    Optional<ConnectorDefinition> definition(String agencyId) {
        return get(agencyId).map(Running::definition);
    }

    /** Every connector this instance runs, by agency id. */
    List<ConnectorStatus> statuses() {
        List<ConnectorStatus> all = new ArrayList<>();
        running.keySet().stream().sorted().forEach(id -> status(id).ifPresent(all::add));
        return all;
    }

    Optional<ConnectorStatus> status(String agencyId) {
        Running r = running.get(agencyId);
        if (r == null) {
            return Optional.empty();
        }
        Agency a = r.definition().agency();
        String state = r.error() != null ? ConnectorStatus.FAILED : r.paused() ? ConnectorStatus.PAUSED : ConnectorStatus.RUNNING;
        return Optional.of(new ConnectorStatus(a.id(), a.name(), a.kind(), a.municipality(), a.operator(), r.version(), state,
                r.definition().inbound().type(), r.definition().outbound().type(), r.changedAt(), r.changedBy(), r.error()));
    }
}
