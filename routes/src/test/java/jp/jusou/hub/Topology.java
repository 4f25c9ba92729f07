package jp.jusou.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment of {@code deploy/README.md} ("The topology") on one machine, every part its own
 * process: an Artemis primary and backup replicating ({@code deploy/artemis/ha/*.xml} under the broker
 * launcher) or a single broker ({@code deploy/artemis/broker.xml}), PostgreSQL over TLS, and several hub
 * instances on the external profile with a failover broker URL. Agencies reach the brokers over AMQPS
 * with their own failover list and the hubs over HTTPS. Used by {@code bin/topology}, the fault suite
 * ({@code bin/faults}) and the multi-instance tests.
 */
public final class Topology implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final ExternalProfile profile;
    private final List<ExternalHub> hubs = new ArrayList<>();
    private BrokerProcess primary;
    private BrokerProcess backup;
    private PostgresServer database;
    private String hubBrokerUrl;
    private String agencyUrl;

    private Topology(Path dir) throws Exception {
        this.dir = dir.toAbsolutePath();
        this.profile = ExternalProfile.in(this.dir);
    }

    /** Starts brokers (an HA pair or one), PostgreSQL and {@code hubCount} hubs under {@code dir}; ready when it returns. */
    public static Topology start(Path dir, boolean pair, int hubCount) throws Exception {
        Topology topology = new Topology(dir);
        try {
            topology.startBrokers(pair);
            topology.database = PostgresServer.start(topology.dir.resolve("postgres"), topology.profile.tls(), secret());
            Map<String, String> environment = topology.hubEnvironment();
            for (int i = 1; i <= hubCount; i++) {
                topology.hubs.add(new ExternalHub("hub-" + i, topology.dir.resolve("hub-" + i), topology.profile, environment));
            }
            for (ExternalHub hub : topology.hubs) {
                hub.start(Duration.ofSeconds(180)); // one after another: the first migrates the database
            }
            return topology;
        } catch (Exception | Error e) {
            topology.close();
            throw e;
        }
    }

    private void startBrokers(boolean pair) throws Exception {
        int port = HubProcess.freePort();
        int amqps = HubProcess.freePort();
        String trust = profile.brokerTrust().replace(';', '&');
        if (!pair) {
            Map<String, String> properties = new HashMap<>(profile.brokerProperties());
            properties.putAll(Map.of("broker.host", "127.0.0.1", "broker.port", String.valueOf(port), "broker.amqps-port", String.valueOf(amqps)));
            primary = BrokerProcess.start(Path.of("../deploy/artemis/broker.xml"), dir.resolve("broker"), profile.users(), profile.roles(),
                    properties, profile.brokerEnvironment());
            hubBrokerUrl = "tcp://127.0.0.1:" + port + "?reconnectAttempts=-1&retryInterval=200&retryIntervalMultiplier=1.5&maxRetryInterval=2000&" + trust;
            agencyUrl = "failover:(amqps://127.0.0.1:" + amqps + ")?failover.maxReconnectAttempts=-1&failover.initialReconnectDelay=100"
                    + "&failover.maxReconnectDelay=2000";
            return;
        }
        int backupPort = HubProcess.freePort();
        int backupAmqps = HubProcess.freePort();
        String cluster = secret();
        Path ha = Path.of("../deploy/artemis/ha");
        primary = BrokerProcess.start(ha.resolve("primary.xml"), dir.resolve("primary"), profile.users(), profile.roles(),
                pairProperties(port, amqps, backupPort, cluster), profile.brokerEnvironment());
        backup = BrokerProcess.start(ha.resolve("backup.xml"), dir.resolve("backup"), profile.users(), profile.roles(),
                pairProperties(backupPort, backupAmqps, port, cluster), profile.brokerEnvironment());
        backup.awaitLog("AMQ221024", Duration.ofSeconds(120)); // "synchronized with primary"
        hubBrokerUrl = "(tcp://127.0.0.1:" + port + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1"
                + "&retryInterval=200&retryIntervalMultiplier=1.5&maxRetryInterval=2000&" + trust;
        agencyUrl = "failover:(amqps://127.0.0.1:" + amqps + ",amqps://127.0.0.1:" + backupAmqps + ")"
                + "?failover.maxReconnectAttempts=-1&failover.initialReconnectDelay=100&failover.maxReconnectDelay=2000"
                + "&failover.amqpOpenServerListAction=IGNORE"; // the brokers announce CORE connectors; an AMQP client keeps its own list
    }

    private Map<String, String> pairProperties(int port, int amqpsPort, int peerPort, String clusterPassword) {
        Map<String, String> properties = new HashMap<>(profile.brokerProperties());
        properties.putAll(Map.of("broker.host", "127.0.0.1", "broker.port", String.valueOf(port), "broker.amqps-port", String.valueOf(amqpsPort),
                "broker.peer.host", "127.0.0.1", "broker.peer.port", String.valueOf(peerPort), "cluster.password", clusterPassword));
        return properties;
    }

    /** One environment for every hub: the same ledger and master keys, the run's own secrets. */
    private Map<String, String> hubEnvironment() {
        Map<String, String> environment = new HashMap<>(profile.hubEnvironment(hubBrokerUrl));
        environment.put("HUB_DB_URL", database.jdbcUrl(profile.tls().caCertificate()));
        environment.put("HUB_DB_USER", PostgresServer.USER);
        environment.put("HUB_DB_PASSWORD", database.password());
        environment.put("HUB_OPERATOR_PASSWORD", secret());
        environment.put("HUB_AUDITOR_PASSWORD", secret());
        environment.put("HUB_METRICS_PASSWORD", secret());
        return environment;
    }

    /** A secret for this run: 24 random bytes, base64. */
    static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An agency on the brokers over AMQPS with failover (its own list of both brokers). */
    public AgencyClient agency(String id) {
        return AgencyClient.amqps(agencyUrl, TlsClients.context(profile.tls().caCertificate(), null, null), id, ExternalProfile.agencySecret(id));
    }

    /** An agency on one hub's HTTPS API. */
    public HttpAgency http(String id, ExternalHub hub) {
        return new HttpAgency(hub.https(), hub.url(), id, ExternalProfile.agencySecret(id));
    }

    public List<ExternalHub> hubs() {
        return hubs;
    }

    public BrokerProcess primary() {
        return primary;
    }

    public BrokerProcess backup() {
        return backup;
    }

    public PostgresServer database() {
        return database;
    }

    public ExternalProfile profile() {
        return profile;
    }

    public String agencyUrl() {
        return agencyUrl;
    }

    public Path dir() {
        return dir;
    }

    /** What a person needs to use the running topology (no secret values but the agencies' test ones' rule). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("CA certificate: ").append(profile.tls().caCertificate()).append('\n');
        text.append("agencies (AMQPS, failover): ").append(agencyUrl).append('\n');
        text.append("agency secrets: secret-<agencyId> (test agencies; the users file is ").append(profile.users()).append(")\n");
        for (ExternalHub hub : hubs) {
            text.append(hub.name()).append(": ").append(hub.url()).append(" pid ").append(hub.pid()).append('\n');
        }
        text.append("postgres: 127.0.0.1:").append(database.port()).append(" database ").append(PostgresServer.DATABASE).append(" (TLS)\n");
        text.append("logs: ").append(dir).append("/{primary,backup,broker,hub-N}/*.log\n");
        return text.toString();
    }

    /** Stops everything in order: hubs (SIGTERM), the backup, the primary, PostgreSQL. */
    @Override
    public void close() throws Exception {
        for (ExternalHub hub : hubs) {
            if (hub.isAlive()) {
                hub.stop();
            }
        }
        for (BrokerProcess broker : new BrokerProcess[] {backup, primary}) {
            if (broker != null && broker.isAlive()) {
                broker.stop();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    /** Creates a fresh run directory under {@code base}. */
    public static Path newRunDirectory(Path base, String prefix) throws Exception {
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix).toAbsolutePath();
    }
}
