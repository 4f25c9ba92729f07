package jp.jusou.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.broker.StandaloneBroker;
import jp.jusou.hub.platform.DemoCertificates;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Everything a hub on the "external" profile needs from its environment, as IT staff would provide it
 * (deploy/hub.env.example): real secrets of 16 characters or more, a CA with the server's certificate
 * (HTTPS, the broker's TLS acceptors), a ledger key, a master keyset file, and the broker's users and
 * roles files. One place, so a new required setting is added once for every test that starts the
 * external profile (ExternalBrokerTest, BrokerFailoverTest, GracefulStopTest).
 */
public final class ExternalProfile {

    public static final List<String> AGENCIES = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai",
            "omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1");
    public static final String BROKER_PASSWORD = "hub-broker-secret-1";
    public static final String KEYSTORE_PASSWORD = "external-keystore-secret";

    private final Path dir;
    private final DemoCertificates tls;
    private final Path masterKey;

    private ExternalProfile(Path dir) throws Exception {
        this.dir = dir;
        this.tls = new DemoCertificates(dir.resolve("tls"), TestDates.clock()); // the operator's own CA in a deployment
        tls.ensureServer(KEYSTORE_PASSWORD.toCharArray());
        this.masterKey = dir.resolve("master-keyset.json");
        com.google.crypto.tink.aead.AeadConfig.register();
        Files.writeString(masterKey, com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                com.google.crypto.tink.KeysetHandle.generateNew(com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM),
                com.google.crypto.tink.InsecureSecretKeyAccess.get()));
        StringBuilder users = new StringBuilder("hub = " + StandaloneBroker.hash(BROKER_PASSWORD) + "\n");
        StringBuilder roles = new StringBuilder("HUB = hub\n");
        for (String agency : AGENCIES) {
            users.append(agency).append(" = ").append(StandaloneBroker.hash(agencySecret(agency))).append('\n');
            roles.append(agency).append(" = ").append(agency).append('\n');
        }
        Files.writeString(users(), users);
        Files.writeString(roles(), roles);
    }

    /** A new set of keys, certificates and broker login files under {@code dir}. */
    public static ExternalProfile in(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new ExternalProfile(dir.toAbsolutePath());
    }

    public static String agencySecret(String agency) {
        return "secret-" + agency;
    }

    /** A fresh ledger key, as IT staff make one (openssl rand -base64 32). */
    public static String ledgerKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    public DemoCertificates tls() {
        return tls;
    }

    public Path users() {
        return dir.resolve("artemis-users.properties");
    }

    public Path roles() {
        return dir.resolve("artemis-roles.properties");
    }

    /** The TLS parameters a CORE client (the hub) adds to its broker URL to trust this CA. */
    public String brokerTrust() {
        return "sslEnabled=true;trustStorePath=" + tls.trustStore() + ";trustStorePassword=" + KEYSTORE_PASSWORD + ";trustStoreType=PKCS12";
    }

    /** The -D properties of a broker process (bin/broker) that serves TLS with this CA's server certificate. */
    public Map<String, String> brokerProperties() {
        return Map.of("broker.keystore", tls.serverKeyStore().toString(), "broker.truststore", tls.trustStore().toString());
    }

    /** The environment of a broker process: its key store's password (and its trust store's, for the HA pair). */
    public Map<String, String> brokerEnvironment() {
        return Map.of("BROKER_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD, "BROKER_TRUSTSTORE_PASSWORD", KEYSTORE_PASSWORD);
    }

    /** The hub's environment on the external profile, against {@code brokerUrl}, with an H2 file database under the directory. */
    public Map<String, String> hubEnvironment(String brokerUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HUB_BROKER_URL", brokerUrl);
        env.put("HUB_BROKER_PASSWORD", BROKER_PASSWORD);
        env.put("HUB_TLS_CERTIFICATE", "file:" + tls.serverCertificate());
        env.put("HUB_TLS_PRIVATE_KEY", "file:" + tls.serverKey());
        env.put("HUB_METRICS_PASSWORD", "metrics-secret-0001");
        env.put("HUB_DB_URL", "jdbc:h2:file:" + dir.resolve("h2/hub") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        env.put("HUB_DB_USER", "hub");
        env.put("HUB_DB_PASSWORD", "external-db-secret-1");
        env.put("HUB_LEDGER_KEY_K1", ledgerKey());
        env.put("HUB_KEYS_MASTER", "file:" + masterKey);
        for (String agency : AGENCIES) {
            env.put("HUB_SECRET_" + agency.toUpperCase().replace('-', '_'), agencySecret(agency));
        }
        return env;
    }

    /** The same for a hub in the test's own JVM, plus its data directory and the test connectors. */
    public void register(DynamicPropertyRegistry registry, String brokerUrl) {
        hubEnvironment(brokerUrl).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("hub.data-dir", () -> dir.resolve("hub").toString());
        registry.add("hub.connectors.location", () -> HubTestSupport.TEST_CONNECTORS);
    }
}
