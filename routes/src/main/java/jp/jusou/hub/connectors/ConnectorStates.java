package jp.jusou.hub.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.jusou.hub.agencies.Agency;
import org.springframework.stereotype.Component;

/**
 * The connector states operators see, read from the registry in the database ({@link ConnectorRegistry}),
 * so that every hub instance shows the same: the active version, running or paused, who changed it
 * and when. Only {@code failed} is this instance's own (its routes could not start here), taken from
 * {@link ConnectorRuntime}. Metadata only.
 */
@Component
public class ConnectorStates {

    private final ConnectorRegistry registry;
    private final ConnectorRuntime runtime;
    private final Map<String, ConnectorDefinition> parsed = new ConcurrentHashMap<>();

    public ConnectorStates(ConnectorRegistry registry, ConnectorRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /** Every deployed connector, by agency id. */
    public List<ConnectorStatus> statuses() {
        List<ConnectorStatus> all = new ArrayList<>();
        for (ConnectorRegistry.State state : registry.states()) {
            status(state).ifPresent(all::add);
        }
        return all;
    }

    public Optional<ConnectorStatus> status(String agencyId) {
        return registry.state(agencyId).flatMap(this::status);
    }

    private Optional<ConnectorStatus> status(ConnectorRegistry.State state) {
        if (state.activeVersion() == null) {
            return Optional.empty();
        }
        ConnectorDefinition definition = definition(state.agencyId(), state.activeVersion());
        if (definition == null) {
            return Optional.empty();
        }
        Optional<ConnectorStatus> local = runtime.status(state.agencyId())
                .filter(s -> s.version() == state.activeVersion() && s.error() != null);
        String shown = local.isPresent() ? ConnectorStatus.FAILED : state.paused() ? ConnectorStatus.PAUSED : ConnectorStatus.RUNNING;
        Agency a = definition.agency();
        return Optional.of(new ConnectorStatus(a.id(), a.name(), a.kind(), a.municipality(), a.operator(), state.activeVersion(), shown,
                definition.inbound().type(), definition.outbound().type(), state.changedAt(), state.changedBy(),
                local.map(ConnectorStatus::error).orElse(null)));
    }

    private ConnectorDefinition definition(String agencyId, int version) {
        String key = agencyId + "/" + version;
        ConnectorDefinition known = parsed.get(key);
        if (known != null) {
            return known;
        }
        return registry.version(agencyId, version).map(v -> {
            ConnectorDefinition definition = runtime.definitions().parse(v.sourceName(), v.definition());
            parsed.put(key, definition);
            return definition;
        }).orElse(null);
    }
}
