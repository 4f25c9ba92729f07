package jp.jusou.hub.connectors;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * STAND-IN on branch console until the connector runtime lands from main (same public signatures):
 * pause/resume stop and start the agency's broker intake route, so messages pile up on
 * hub.inbound.&lt;id&gt;. State is per instance here; main's runtime keeps it in connector_state.
 * The merge with main replaces this file.
 */
@Component
public class ConnectorRuntime {

    private record State(String state, java.time.Instant changedAt, String changedBy) {
    }

    private final AgencyDirectory directory;
    private final CamelContext camel;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public ConnectorRuntime(AgencyDirectory directory, CamelContext camel, ApplicationEventPublisher events, Clock clock) {
        this.directory = directory;
        this.camel = camel;
        this.events = events;
        this.clock = clock;
    }

    public List<ConnectorStatus> statuses() {
        return directory.all().stream().map(a -> status(a.id()).orElseThrow()).toList();
    }

    public Optional<ConnectorStatus> status(String agencyId) {
        return directory.find(agencyId).map(a -> {
            State s = states.getOrDefault(a.id(), new State(ConnectorStatus.RUNNING, null, "system"));
            return new ConnectorStatus(a.id(), a.name(), a.kind(), a.municipality(), a.operator(), 1, s.state(),
                    "broker", "broker", s.changedAt(), s.changedBy(), null);
        });
    }

    public void pause(String agencyId, String actor) {
        change(agencyId, actor, ConnectorStatus.PAUSED, "pause");
    }

    public void resume(String agencyId, String actor) {
        change(agencyId, actor, ConnectorStatus.RUNNING, "resume");
    }

    private void change(String agencyId, String actor, String state, String action) {
        if (!directory.isKnown(agencyId)) {
            throw new IllegalArgumentException("unknown agency");
        }
        try {
            if (ConnectorStatus.PAUSED.equals(state)) {
                camel.getRouteController().stopRoute("intake-broker-" + agencyId);
            } else {
                camel.getRouteController().startRoute("intake-broker-" + agencyId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("route change failed", e);
        }
        states.put(agencyId, new State(state, clock.instant(), actor));
        events.publishEvent(new ConnectorChanged(agencyId, action, 1, actor, null));
    }
}
