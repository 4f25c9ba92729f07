package jp.jusou.hub.connectors;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this instance run what the registry says, whichever instance changed it: the version that is
 * active, paused or not, and nothing of a connector undeployed elsewhere (that instance drained its
 * queue). A connector is looked at only when its registry revision moved since this instance last
 * followed it.
 */
final class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final ConnectorRegistry registry;
    private final AgencyDirectory directory;
    private final ConnectorLauncher launcher;
    private final Secrets secrets;
    private final PinnedDefinitions definitions;
    private final RunningConnectors running;
    private final LocalRoutes local;
    private final Clock clock;

    Reconciliation(ConnectorRegistry registry, AgencyDirectory directory, ConnectorLauncher launcher, Secrets secrets,
                   PinnedDefinitions definitions, RunningConnectors running, LocalRoutes local, Clock clock) {
        this.registry = registry;
        this.directory = directory;
        this.launcher = launcher;
        this.secrets = secrets;
        this.definitions = definitions;
        this.running = running;
        this.local = local;
        this.clock = clock;
    }

    /**
     * Before the first route starts, the directory knows every agency that should run: a message
     * waiting on one agency's queue since before a restart may name another as its recipient.
     */
    void knowEveryAgencyFirst() {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        directory.all().forEach(a -> agencies.put(a.id(), a));
        for (ConnectorRegistry.State state : registry.states()) {
            if (state.activeVersion() == null || agencies.containsKey(state.agencyId())) {
                continue;
            }
            try {
                ConnectorRegistry.Version version = registry.version(state.agencyId(), state.activeVersion()).orElseThrow();
                ConnectorDefinition definition = definitions.definitions().parse(version.sourceName(), version.definition());
                agencies.put(definition.id(), LocalRoutes.agency(definition, secrets.agencySecret(definition)));
            } catch (RuntimeException e) {
                log.error("Connector {} cannot be prepared: {}", state.agencyId(), Failures.describe(e));
            }
        }
        directory.replace(agencies);
    }

    /** Brings every connector whose registry revision moved to the registry's state. */
    void reconcile() {
        for (ConnectorRegistry.State state : registry.states()) {
            RunningConnectors.Running here = running.get(state.agencyId()).orElse(null);
            if (here != null && here.revision() == state.revision()) {
                continue;
            }
            try {
                follow(state, here);
            } catch (Exception e) {
                String error = Failures.describe(e);
                log.error("Connector {} could not be brought to version {} here: {}", state.agencyId(), state.activeVersion(), error);
                if (here != null) {
                    running.put(state.agencyId(), here.failed(state.revision(), error, clock.instant()));
                }
            }
        }
    }

    private void follow(ConnectorRegistry.State state, RunningConnectors.Running here) throws Exception {
        String id = state.agencyId();
        if (state.activeVersion() == null) {
            if (here != null) {
                local.remove(id); // undeployed elsewhere; that instance drained the queue
                running.remove(id);
            }
            return;
        }
        if (here == null || here.version() != state.activeVersion()) {
            ConnectorRegistry.Version version = registry.version(id, state.activeVersion()).orElseThrow();
            ConnectorDefinition definition = definitions.of(version);
            local.start(definition, secrets.agencySecret(definition), state.paused());
            running.put(id, new RunningConnectors.Running(definition, version.version(), state.revision(), state.paused(), null,
                    state.changedAt(), state.changedBy()));
            return;
        }
        if (state.paused() && !here.paused()) {
            launcher.pause(id);
        } else if (!state.paused() && here.paused()) {
            launcher.resume(id);
        }
        running.put(id, new RunningConnectors.Running(here.definition(), here.version(), state.revision(), state.paused(),
                null, state.changedAt(), state.changedBy()));
    }
}
