package jp.jusou.hub.connectors;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The commands on a connector, each recorded in the registry and announced as a {@link ConnectorChanged}:
 * deploy (or update), roll back, pause, resume, undeploy. An update whose routes fail to start is
 * recorded as a failed version and the previous version is started again; undeploying first stops new
 * input and lets the agency's inbound queue drain. Callers serialise the commands ({@link ConnectorRuntime}).
 */
final class ConnectorCommands {

    private static final Logger log = LoggerFactory.getLogger(ConnectorCommands.class);

    private final ConnectorRegistry registry;
    private final AgencyDirectory directory;
    private final ConnectorLauncher launcher;
    private final Secrets secrets;
    private final ConnectorGuards guards;
    private final PinnedDefinitions definitions;
    private final RunningConnectors running;
    private final LocalRoutes local;
    private final ConnectorProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ConnectorCommands(ConnectorRegistry registry, AgencyDirectory directory, ConnectorLauncher launcher, Secrets secrets,
                      ConnectorGuards guards, PinnedDefinitions definitions, RunningConnectors running, LocalRoutes local,
                      ConnectorProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.registry = registry;
        this.directory = directory;
        this.launcher = launcher;
        this.secrets = secrets;
        this.guards = guards;
        this.definitions = definitions;
        this.running = running;
        this.local = local;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /** Deploys (or updates) a checked definition; unchanged when that text runs already. */
    ConnectorRuntime.Deployment deploy(ConnectorDefinition definition, String actor) {
        String id = definition.id();
        guards.check(definition); // where it points, before anything changes
        Optional<ConnectorRegistry.Version> latest = registry.latest(id);
        RunningConnectors.Running current = running.get(id).orElse(null);
        if (current != null && current.definition().sha256().equals(definition.sha256())) {
            return new ConnectorRuntime.Deployment(id, current.version(), "unchanged");
        }
        String secret = secrets.agencySecret(definition); // a missing secret fails here, before anything changes
        boolean paused = current != null && current.paused();
        try {
            local.start(definition, secret, paused);
        } catch (Exception e) {
            String error = Failures.describe(e);
            int version = registry.addVersion(definition, "failed", error, actor, clock.instant());
            events.publishEvent(new ConnectorChanged(id, "deploy-failed", version, actor, error));
            throw new ConnectorStartException(id, version, error);
        }
        int version = registry.addVersion(definition, "active", null, actor, clock.instant());
        if (paused) {
            registry.setPaused(id, true, actor, clock.instant());
        }
        long revision = registry.state(id).orElseThrow().revision();
        running.put(id, new RunningConnectors.Running(definition, version, revision, paused, null, clock.instant(), actor));
        String action = latest.isEmpty() ? "deploy" : "update";
        events.publishEvent(new ConnectorChanged(id, action, version, actor, definition.source()));
        log.info("Connector {} version {} {} by {}", id, version, action, actor);
        return new ConnectorRuntime.Deployment(id, version, action);
    }

    /** The version a rollback would re-activate (default: the one before the active one). */
    ConnectorRegistry.Version rollbackTarget(String agencyId, Integer toVersion) {
        List<ConnectorRegistry.Version> versions = registry.versions(agencyId);
        if (versions.isEmpty()) {
            throw new UnknownConnectorException(agencyId);
        }
        ConnectorRegistry.Version target;
        if (toVersion != null) {
            target = versions.stream().filter(v -> v.version() == toVersion).findFirst()
                    .orElseThrow(() -> new ConnectorConflictException(agencyId + " has no version " + toVersion));
        } else {
            int from = running.get(agencyId).map(RunningConnectors.Running::version).orElse(Integer.MAX_VALUE);
            target = versions.stream().filter(v -> v.version() < from && !"failed".equals(v.status()))
                    .max(Comparator.comparingInt(ConnectorRegistry.Version::version))
                    .orElseThrow(() -> new ConnectorConflictException(agencyId + " has no earlier version to roll back to"));
        }
        if ("failed".equals(target.status())) {
            throw new ConnectorConflictException("version " + target.version() + " of " + agencyId + " never started; deploy a fixed one");
        }
        return target;
    }

    /** Re-activates an earlier version (default: the one before the active one). */
    ConnectorRuntime.Deployment rollback(String agencyId, Integer toVersion, String actor) {
        ConnectorRegistry.Version target = rollbackTarget(agencyId, toVersion);
        RunningConnectors.Running current = running.get(agencyId).orElse(null);
        ConnectorDefinition definition = definitions.of(target);
        guards.check(definition); // a version from before the rules may point where nothing may now
        String secret = secrets.agencySecret(definition);
        boolean paused = current != null && current.paused();
        try {
            local.start(definition, secret, paused);
        } catch (Exception e) {
            throw new ConnectorStartException(agencyId, target.version(), Failures.describe(e));
        }
        registry.activate(agencyId, target.version(), paused, actor, clock.instant());
        long revision = registry.state(agencyId).orElseThrow().revision();
        running.put(agencyId, new RunningConnectors.Running(definition, target.version(), revision, paused, null,
                clock.instant(), actor));
        events.publishEvent(new ConnectorChanged(agencyId, "rollback", target.version(), actor,
                "from version " + (current == null ? "none" : current.version())));
        return new ConnectorRuntime.Deployment(agencyId, target.version(), "rollback");
    }

    void setPaused(String agencyId, boolean paused, String actor) {
        RunningConnectors.Running current = running.require(agencyId);
        try {
            if (paused) {
                launcher.pause(agencyId);
            } else {
                launcher.resume(agencyId);
            }
        } catch (Exception e) {
            throw new ConnectorStartException(agencyId, current.version(), Failures.describe(e));
        }
        registry.setPaused(agencyId, paused, actor, clock.instant());
        running.put(agencyId, new RunningConnectors.Running(current.definition(), current.version(),
                registry.state(agencyId).orElseThrow().revision(), paused, null, clock.instant(), actor));
        events.publishEvent(new ConnectorChanged(agencyId, paused ? "pause" : "resume", current.version(), actor, null));
    }

    /**
     * Removes a connector without losing what it already handed in: its login is refused and its
     * pollers stop, its inbound queue drains through the pipeline, then its routes go. If the queue
     * does not drain in time, everything is put back as it was.
     */
    void undeploy(String agencyId, String actor) {
        RunningConnectors.Running current = running.require(agencyId);
        if (current.paused()) {
            throw new ConnectorConflictException(agencyId + " is paused: resume it first, so that the messages it already"
                    + " handed in are processed before it goes");
        }
        directory.retire(agencyId, true);
        boolean drained;
        try {
            launcher.stopInput(agencyId);
            drained = launcher.drain(agencyId, properties.drainTimeout());
        } catch (Exception e) {
            drained = false;
        }
        if (!drained) {
            directory.retire(agencyId, false);
            try {
                launcher.resumeInput(agencyId);
            } catch (Exception e) {
                log.error("Connector {}: input could not be resumed after a failed undeploy: {}", agencyId, Failures.describe(e));
            }
            throw new ConnectorConflictException("the inbound queue of " + agencyId + " did not drain within "
                    + properties.drainTimeout() + "; nothing was changed");
        }
        local.remove(agencyId);
        registry.undeploy(agencyId, actor, clock.instant());
        running.remove(agencyId);
        events.publishEvent(new ConnectorChanged(agencyId, "undeploy", current.version(), actor, null));
        log.info("Connector {} undeployed by {}", agencyId, actor);
    }
}
