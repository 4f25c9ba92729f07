package jp.jusou.hub.connectors;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of a connector: its routes (through the {@link ConnectorLauncher}) and its
 * entry in the {@link AgencyDirectory}, changed together so that queues, broker security and the
 * login exist before any route runs, and what ran before comes back when the new routes fail.
 */
final class LocalRoutes {

    private static final Logger log = LoggerFactory.getLogger(LocalRoutes.class);

    private final AgencyDirectory directory;
    private final ConnectorLauncher launcher;
    private final Secrets secrets;
    private final RunningConnectors running;
    private final Clock clock;

    LocalRoutes(AgencyDirectory directory, ConnectorLauncher launcher, Secrets secrets, RunningConnectors running, Clock clock) {
        this.directory = directory;
        this.launcher = launcher;
        this.secrets = secrets;
        this.running = running;
        this.clock = clock;
    }

    /** The agency as the directory knows it: the definition's, with the digest of its secret. */
    static Agency agency(ConnectorDefinition definition, String secret) {
        return definition.agency().withSecretDigest(jp.jusou.hub.message.Hashing.sha256(secret));
    }

    /**
     * Starts the definition's routes in place of what runs now; if they fail, what ran before is
     * started again and the exception thrown.
     */
    void start(ConnectorDefinition definition, String secret, boolean paused) throws Exception {
        String id = definition.id();
        RunningConnectors.Running previous = running.get(id).orElse(null);
        Map<String, Agency> agencies = agencies();
        Agency before = agencies.get(id);
        agencies.put(id, agency(definition, secret));
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
                restart(previous);
            }
            throw e;
        }
    }

    private void restart(RunningConnectors.Running previous) {
        try {
            launcher.start(previous.definition(), previous.paused(),
                    secretSource(previous.definition(), secrets.agencySecret(previous.definition())));
        } catch (Exception again) {
            String id = previous.definition().id();
            log.error("Connector {}: the previous version could not be restarted either: {}", id, Failures.describe(again));
            running.put(id, previous.failed(previous.revision(), Failures.describe(again), clock.instant()));
        }
    }

    /** Stops the connector's routes and removes the agency from the directory. */
    void remove(String agencyId) {
        launcher.stop(agencyId);
        Map<String, Agency> agencies = agencies();
        agencies.remove(agencyId);
        directory.replace(agencies);
    }

    private Map<String, Agency> agencies() {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        directory.all().forEach(a -> agencies.put(a.id(), a));
        return agencies;
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
}
