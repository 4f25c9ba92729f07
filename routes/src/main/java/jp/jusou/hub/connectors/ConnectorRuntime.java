package jp.jusou.hub.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The connector lifecycle at runtime: deploy, update, undeploy, roll back, pause and resume, while
 * the hub keeps running. What should run is in the database ({@link ConnectorRegistry}); each hub
 * instance makes its own Camel routes follow it ({@link #reconcile}), so several instances agree.
 *
 * <p>An update that fails validation never reaches the registry; one whose routes fail to start is
 * recorded as a failed version and the previous version is started again. Undeploying first stops
 * new input and lets the agency's inbound queue drain, so nothing already accepted is lost; messages
 * waiting for the agency on {@code hub.outbound.<id>} stay on the broker until it comes back.
 */
@Component
public class ConnectorRuntime {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);
    public static final String SYSTEM = "system";

    /** What this instance runs for one agency. */
    private record Running(ConnectorDefinition definition, int version, long revision, boolean paused, String error,
                           java.time.Instant changedAt, String changedBy) {
    }

    /** The outcome of a deployment. */
    public record Deployment(String agencyId, int version, String action) {
    }

    private final ConnectorRegistry registry;
    private final AgencyDirectory directory;
    private final ConnectorLauncher launcher;
    private final Secrets secrets;
    private final ConnectorDefinitions definitions;
    private final ConnectorProperties properties;
    private final MappingCatalog mappings;
    private final ConnectorGuards guards;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean started;

    public ConnectorRuntime(ConnectorRegistry registry, AgencyDirectory directory, ConnectorLauncher launcher,
                            Secrets secrets, MappingCatalog mappings, ConnectorProperties properties, ConnectorGuards guards,
                            ApplicationEventPublisher events, Clock clock) {
        this.guards = guards;
        this.registry = registry;
        this.directory = directory;
        this.launcher = launcher;
        this.secrets = secrets;
        this.definitions = new ConnectorDefinitions(mappings::exists);
        this.mappings = mappings;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    public ConnectorDefinitions definitions() {
        return definitions;
    }

    /** Deploys the definitions shipped with the hub (when changed), then starts what the registry says should run. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(properties.location());
        java.util.Arrays.sort(resources, Comparator.comparing(r -> String.valueOf(r.getFilename())));
        for (Resource resource : resources) {
            String text;
            try (InputStream in = resource.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            // a broken definition shipped with the hub stops the start-up, naming the file and the line
            ConnectorDefinition definition = mappings.pin(definitions.parse(resource.getFilename(), text));
            registerIfChanged(definition);
        }
        knowEveryAgencyFirst();
        reconcile();
        started = true; // the watched directory (WatchedDirectory) is followed from now on
    }

    /** Whether the shipped definitions are deployed and the registry followed (start-up is over). */
    public boolean started() {
        return started;
    }

    /**
     * Before the first route starts, the directory knows every agency that should run: a message
     * waiting on one agency's queue since before a restart may name another as its recipient.
     */
    private void knowEveryAgencyFirst() {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        directory.all().forEach(a -> agencies.put(a.id(), a));
        for (ConnectorRegistry.State state : registry.states()) {
            if (state.activeVersion() == null || agencies.containsKey(state.agencyId())) {
                continue;
            }
            try {
                ConnectorRegistry.Version version = registry.version(state.agencyId(), state.activeVersion()).orElseThrow();
                ConnectorDefinition definition = definitions.parse(version.sourceName(), version.definition());
                agencies.put(definition.id(), definition.agency().withSecretDigest(jp.jusou.hub.message.Hashing.sha256(secrets.agencySecret(definition))));
            } catch (RuntimeException e) {
                log.error("Connector {} cannot be prepared: {}", state.agencyId(), describe(e));
            }
        }
        directory.replace(agencies);
    }

    /**
     * Deploys a shipped definition whose text was never deployed before. A text deployed before is
     * left alone even if another version runs now: a restart must not undo an update, rollback or
     * undeploy made through the API or hubctl.
     */
    private void registerIfChanged(ConnectorDefinition definition) {
        if (registry.everDeployed(definition.id(), definition.sha256())) {
            return;
        }
        try {
            deploy(definition, SYSTEM);
        } catch (ConnectorStartException e) {
            log.error("Connector {} (from {}) could not start: {}", definition.id(), definition.source(), e.getMessage());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            log.info("Connector {} was registered by another instance at the same moment", definition.id());
        }
    }

    /**
     * Validates and deploys (or updates) a connector from its YAML text at once, without four eyes:
     * for the hub's own start-up and tests. People go through {@link ChangeApprovals}.
     */
    public synchronized Deployment deploy(String file, String text, String actor) {
        return deploy(mappings.pin(definitions.parse(file, text)), actor);
    }

    /** Checks a definition without deploying it (schema, mapping, where it points, secret). */
    public ConnectorDefinition validate(String file, String text) {
        ConnectorDefinition definition = mappings.pin(definitions.parse(file, text));
        guards.check(definition);
        secrets.agencySecret(definition);
        return definition;
    }

    /** Deploys a checked definition (four eyes, where needed, were {@link ChangeApprovals}'s business). */
    Deployment apply(ConnectorDefinition definition, String actor) {
        return deploy(definition, actor);
    }

    private synchronized Deployment deploy(ConnectorDefinition definition, String actor) {
        String id = definition.id();
        guards.check(definition); // where it points, before anything changes
        Optional<ConnectorRegistry.Version> latest = registry.latest(id);
        Running current = running.get(id);
        if (current != null && current.definition().sha256().equals(definition.sha256())) {
            return new Deployment(id, current.version(), "unchanged");
        }
        String secret = secrets.agencySecret(definition); // a missing secret fails here, before anything changes
        boolean paused = current != null && current.paused();
        try {
            startLocally(definition, secret, paused);
        } catch (Exception e) {
            String error = describe(e);
            int version = registry.addVersion(definition, "failed", error, actor, clock.instant());
            events.publishEvent(new ConnectorChanged(id, "deploy-failed", version, actor, error));
            throw new ConnectorStartException(id, version, error);
        }
        int version = registry.addVersion(definition, "active", null, actor, clock.instant());
        if (paused) {
            registry.setPaused(id, true, actor, clock.instant());
        }
        long revision = registry.state(id).orElseThrow().revision();
        running.put(id, new Running(definition, version, revision, paused, null, clock.instant(), actor));
        String action = latest.isEmpty() ? "deploy" : "update";
        events.publishEvent(new ConnectorChanged(id, action, version, actor, definition.source()));
        log.info("Connector {} version {} {} by {}", id, version, action, actor);
        return new Deployment(id, version, action);
    }

    /**
     * Starts the definition's routes in place of what runs now; if they fail, what ran before is
     * started again and the exception thrown.
     */
    private void startLocally(ConnectorDefinition definition, String secret, boolean paused) throws Exception {
        String id = definition.id();
        Running previous = running.get(id);
        Map<String, Agency> agencies = new LinkedHashMap<>();
        directory.all().forEach(a -> agencies.put(a.id(), a));
        Agency before = agencies.get(id);
        agencies.put(id, definition.agency().withSecretDigest(jp.jusou.hub.message.Hashing.sha256(secret)));
        if (previous != null) {
            launcher.stop(id);
        }
        try {
            directory.replace(agencies); // queues, broker security and the login exist before any route runs
            launcher.start(definition, paused, secretSource(definition, secret));
        } catch (Exception e) {
            if (before == null) {
                agencies.remove(id);
            } else {
                agencies.put(id, before);
            }
            directory.replace(agencies);
            if (previous != null) {
                try {
                    launcher.start(previous.definition(), previous.paused(),
                            secretSource(previous.definition(), secrets.agencySecret(previous.definition())));
                } catch (Exception again) {
                    log.error("Connector {}: the previous version could not be restarted either: {}", id, describe(again));
                    running.put(id, new Running(previous.definition(), previous.version(), previous.revision(),
                            previous.paused(), describe(again), clock.instant(), SYSTEM));
                }
            }
            throw e;
        }
    }

    private ConnectorLauncher.SecretSource secretSource(ConnectorDefinition definition, String agencySecret) {
        return new ConnectorLauncher.SecretSource() {
            @Override
            public String agencySecret() {
                return agencySecret;
            }

            @Override
            public String signingKey() {
                return secrets.signingKey(definition);
            }

            @Override
            public String resolve(ConnectorDefinition.SecretRef ref, String path) {
                return secrets.resolve(definition, ref, path, "demo-" + definition.id() + "-transport");
            }
        };
    }

    /** The version a rollback would re-activate (default: the one before the active one). */
    synchronized ConnectorRegistry.Version rollbackTarget(String agencyId, Integer toVersion) {
        List<ConnectorRegistry.Version> versions = registry.versions(agencyId);
        if (versions.isEmpty()) {
            throw new UnknownConnectorException(agencyId);
        }
        Running current = running.get(agencyId);
        ConnectorRegistry.Version target;
        if (toVersion != null) {
            target = versions.stream().filter(v -> v.version() == toVersion).findFirst()
                    .orElseThrow(() -> new ConnectorConflictException(agencyId + " has no version " + toVersion));
        } else {
            int from = current == null ? Integer.MAX_VALUE : current.version();
            target = versions.stream().filter(v -> v.version() < from && !"failed".equals(v.status()))
                    .max(Comparator.comparingInt(ConnectorRegistry.Version::version))
                    .orElseThrow(() -> new ConnectorConflictException(agencyId + " has no earlier version to roll back to"));
        }
        if ("failed".equals(target.status())) {
            throw new ConnectorConflictException("version " + target.version() + " of " + agencyId + " never started; deploy a fixed one");
        }
        return target;
    }

    /** A registered version's definition, with the mappings pinned then. */
    ConnectorDefinition definitionOf(ConnectorRegistry.Version version) {
        return fromRegistry(version);
    }

    /** Re-activates an earlier version (default: the one before the active one) at once; people go through {@link ChangeApprovals}. */
    public synchronized Deployment rollback(String agencyId, Integer toVersion, String actor) {
        ConnectorRegistry.Version target = rollbackTarget(agencyId, toVersion);
        Running current = running.get(agencyId);
        ConnectorDefinition definition = fromRegistry(target);
        guards.check(definition); // a version from before the rules may point where nothing may now
        String secret = secrets.agencySecret(definition);
        boolean paused = current != null && current.paused();
        try {
            startLocally(definition, secret, paused);
        } catch (Exception e) {
            throw new ConnectorStartException(agencyId, target.version(), describe(e));
        }
        registry.activate(agencyId, target.version(), paused, actor, clock.instant());
        long revision = registry.state(agencyId).orElseThrow().revision();
        running.put(agencyId, new Running(definition, target.version(), revision, paused, null, clock.instant(), actor));
        events.publishEvent(new ConnectorChanged(agencyId, "rollback", target.version(), actor,
                "from version " + (current == null ? "none" : current.version())));
        return new Deployment(agencyId, target.version(), "rollback");
    }

    public synchronized void pause(String agencyId, String actor) {
        setPaused(agencyId, true, actor);
    }

    public synchronized void resume(String agencyId, String actor) {
        setPaused(agencyId, false, actor);
    }

    private void setPaused(String agencyId, boolean paused, String actor) {
        Running current = require(agencyId);
        try {
            if (paused) {
                launcher.pause(agencyId);
            } else {
                launcher.resume(agencyId);
            }
        } catch (Exception e) {
            throw new ConnectorStartException(agencyId, current.version(), describe(e));
        }
        registry.setPaused(agencyId, paused, actor, clock.instant());
        running.put(agencyId, new Running(current.definition(), current.version(),
                registry.state(agencyId).orElseThrow().revision(), paused, null, clock.instant(), actor));
        events.publishEvent(new ConnectorChanged(agencyId, paused ? "pause" : "resume", current.version(), actor, null));
    }

    /**
     * Removes a connector without losing what it already handed in: its login is refused and its
     * pollers stop, its inbound queue drains through the pipeline, then its routes go. If the queue
     * does not drain in time, everything is put back as it was.
     */
    public synchronized void undeploy(String agencyId, String actor) {
        Running current = require(agencyId);
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
                log.error("Connector {}: input could not be resumed after a failed undeploy: {}", agencyId, describe(e));
            }
            throw new ConnectorConflictException("the inbound queue of " + agencyId + " did not drain within "
                    + properties.drainTimeout() + "; nothing was changed");
        }
        launcher.stop(agencyId);
        removeFromDirectory(agencyId);
        registry.undeploy(agencyId, actor, clock.instant());
        running.remove(agencyId);
        events.publishEvent(new ConnectorChanged(agencyId, "undeploy", current.version(), actor, null));
        log.info("Connector {} undeployed by {}", agencyId, actor);
    }

    private void removeFromDirectory(String agencyId) {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        directory.all().stream().filter(a -> !a.id().equals(agencyId)).forEach(a -> agencies.put(a.id(), a));
        directory.replace(agencies);
    }

    /** Makes this instance run what the registry says (another instance may have changed it). */
    @Scheduled(initialDelayString = "${hub.connectors.poll-interval}", fixedDelayString = "${hub.connectors.poll-interval}")
    public void poll() {
        if (!started) {
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Connector reconciliation failed ({}); retried at the next poll", e.getClass().getSimpleName());
        }
    }

    synchronized void reconcile() {
        for (ConnectorRegistry.State state : registry.states()) {
            Running local = running.get(state.agencyId());
            if (local != null && local.revision() == state.revision()) {
                continue;
            }
            String id = state.agencyId();
            try {
                if (state.activeVersion() == null) {
                    if (local != null) {
                        launcher.stop(id); // undeployed elsewhere; that instance drained the queue
                        removeFromDirectory(id);
                        running.remove(id);
                    }
                    continue;
                }
                if (local == null || local.version() != state.activeVersion()) {
                    ConnectorRegistry.Version version = registry.version(id, state.activeVersion()).orElseThrow();
                    ConnectorDefinition definition = fromRegistry(version);
                    startLocally(definition, secrets.agencySecret(definition), state.paused());
                    running.put(id, new Running(definition, version.version(), state.revision(), state.paused(), null,
                            state.changedAt(), state.changedBy()));
                } else {
                    if (state.paused() && !local.paused()) {
                        launcher.pause(id);
                    } else if (!state.paused() && local.paused()) {
                        launcher.resume(id);
                    }
                    running.put(id, new Running(local.definition(), local.version(), state.revision(), state.paused(),
                            null, state.changedAt(), state.changedBy()));
                }
            } catch (Exception e) {
                String error = describe(e);
                log.error("Connector {} could not be brought to version {} here: {}", id, state.activeVersion(), error);
                if (local != null) {
                    running.put(id, new Running(local.definition(), local.version(), state.revision(), local.paused(), error,
                            clock.instant(), SYSTEM));
                }
            }
        }
    }

    /** A version as it was deployed, with the mappings pinned then (a row from before pinning pins today's). */
    private ConnectorDefinition fromRegistry(ConnectorRegistry.Version version) {
        ConnectorDefinition definition = definitions.parse(version.sourceName(), version.definition());
        return version.mappings().isEmpty() && !definition.mappingIds().isEmpty() ? mappings.pin(definition)
                : definition.withMappings(version.mappings());
    }

    public List<ConnectorStatus> statuses() {
        List<ConnectorStatus> all = new ArrayList<>();
        running.keySet().stream().sorted().forEach(id -> status(id).ifPresent(all::add));
        return all;
    }

    public Optional<ConnectorStatus> status(String agencyId) {
        Running r = running.get(agencyId);
        if (r == null) {
            return Optional.empty();
        }
        Agency a = r.definition().agency();
        String state = r.error() != null ? ConnectorStatus.FAILED : r.paused() ? ConnectorStatus.PAUSED : ConnectorStatus.RUNNING;
        return Optional.of(new ConnectorStatus(a.id(), a.name(), a.kind(), a.municipality(), a.operator(), r.version(), state,
                r.definition().inbound().type(), r.definition().outbound().type(), r.changedAt(), r.changedBy(), r.error()));
    }

    public List<ConnectorRegistry.Version> versions(String agencyId) {
        List<ConnectorRegistry.Version> versions = registry.versions(agencyId);
        if (versions.isEmpty()) {
            throw new UnknownConnectorException(agencyId);
        }
        return versions;
    }

    /** The running definition (for the CLI's test and the file routes). */
    public Optional<ConnectorDefinition> definition(String agencyId) {
        return Optional.ofNullable(running.get(agencyId)).map(Running::definition);
    }

    private Running require(String agencyId) {
        Running current = running.get(agencyId);
        if (current == null) {
            throw new UnknownConnectorException(agencyId);
        }
        return current;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getClass().getSimpleName() + ": " + message;
    }

    /** The connector's routes could not start; the previous version keeps running. */
    public static class ConnectorStartException extends RuntimeException {
        private final String agencyId;
        private final int version;

        public ConnectorStartException(String agencyId, int version, String error) {
            super("connector " + agencyId + " version " + version + " failed to start: " + error);
            this.agencyId = agencyId;
            this.version = version;
        }

        public String agencyId() {
            return agencyId;
        }

        public int version() {
            return version;
        }
    }

    public static class UnknownConnectorException extends RuntimeException {
        public UnknownConnectorException(String agencyId) {
            super("no deployed connector " + agencyId);
        }
    }

    public static class ConnectorConflictException extends RuntimeException {
        public ConnectorConflictException(String message) {
            super(message);
        }
    }
}
