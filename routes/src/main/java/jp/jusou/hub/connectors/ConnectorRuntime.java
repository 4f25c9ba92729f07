package jp.jusou.hub.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.agencies.AgencyDirectory;
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
 * instance makes its own Camel routes follow it ({@link Reconciliation}), so several instances agree.
 *
 * <p>This class is the connectors' one face for these: it starts up (the shipped definitions), runs
 * one command or reconciliation at a time, and answers status queries. The work is done by
 * {@link ConnectorCommands} (the commands), {@link Reconciliation} (following the registry),
 * {@link LocalRoutes} (this instance's routes and directory entry) and {@link RunningConnectors}
 * (what runs here, and its status).
 */
@Component
public class ConnectorRuntime {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);
    public static final String SYSTEM = "system";

    /** The outcome of a deployment. */
    public record Deployment(String agencyId, int version, String action) {
    }

    private final ConnectorRegistry registry;
    private final Secrets secrets;
    private final ConnectorProperties properties;
    private final ConnectorGuards guards;
    private final PinnedDefinitions definitions;
    private final RunningConnectors running = new RunningConnectors();
    private final ConnectorCommands commands;
    private final Reconciliation reconciliation;
    private volatile boolean started;

    public ConnectorRuntime(ConnectorRegistry registry, AgencyDirectory directory, ConnectorLauncher launcher,
                            Secrets secrets, MappingCatalog mappings, ConnectorProperties properties, ConnectorGuards guards,
                            ApplicationEventPublisher events, Clock clock) {
        this.registry = registry;
        this.secrets = secrets;
        this.properties = properties;
        this.guards = guards;
        this.definitions = new PinnedDefinitions(mappings);
        LocalRoutes local = new LocalRoutes(directory, launcher, secrets, running, clock);
        this.commands = new ConnectorCommands(registry, directory, launcher, secrets, guards, definitions, running, local,
                properties, events, clock);
        this.reconciliation = new Reconciliation(registry, directory, launcher, secrets, definitions, running, local, clock);
    }

    public ConnectorDefinitions definitions() {
        return definitions.definitions();
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
            registerIfChanged(definitions.parse(resource.getFilename(), text));
        }
        reconciliation.knowEveryAgencyFirst();
        reconciliation.reconcile();
        started = true; // the watched directory (WatchedDirectory) is followed from now on
    }

    /** Whether the shipped definitions are deployed and the registry followed (start-up is over). */
    public boolean started() {
        return started;
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
            commands.deploy(definition, SYSTEM);
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
        return commands.deploy(definitions.parse(file, text), actor);
    }

    /** Checks a definition without deploying it (schema, mapping, where it points, secret). */
    public ConnectorDefinition validate(String file, String text) {
        ConnectorDefinition definition = definitions.parse(file, text);
        guards.check(definition);
        secrets.agencySecret(definition);
        return definition;
    }

    /** Deploys a checked definition (four eyes, where needed, were {@link ChangeApprovals}'s business). */
    synchronized Deployment apply(ConnectorDefinition definition, String actor) {
        return commands.deploy(definition, actor);
    }

    /** The version a rollback would re-activate (default: the one before the active one). */
    synchronized ConnectorRegistry.Version rollbackTarget(String agencyId, Integer toVersion) {
        return commands.rollbackTarget(agencyId, toVersion);
    }

    /** A registered version's definition, with the mappings pinned then. */
    ConnectorDefinition definitionOf(ConnectorRegistry.Version version) {
        return definitions.of(version);
    }

    /** Re-activates an earlier version (default: the one before the active one) at once; people go through {@link ChangeApprovals}. */
    public synchronized Deployment rollback(String agencyId, Integer toVersion, String actor) {
        return commands.rollback(agencyId, toVersion, actor);
    }

    public synchronized void pause(String agencyId, String actor) {
        commands.setPaused(agencyId, true, actor);
    }

    public synchronized void resume(String agencyId, String actor) {
        commands.setPaused(agencyId, false, actor);
    }

    /** Removes a connector without losing what it already handed in ({@link ConnectorCommands#undeploy}). */
    public synchronized void undeploy(String agencyId, String actor) {
        commands.undeploy(agencyId, actor);
    }

    /** Makes this instance run what the registry says (another instance may have changed it). */
    @Scheduled(initialDelayString = ConnectorProperties.POLL_INTERVAL_SETTING, fixedDelayString = ConnectorProperties.POLL_INTERVAL_SETTING)
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
        reconciliation.reconcile();
    }

    public List<ConnectorStatus> statuses() {
        return running.statuses();
    }

    public Optional<ConnectorStatus> status(String agencyId) {
        return running.status(agencyId);
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
        return running.definition(agencyId);
    }
}
