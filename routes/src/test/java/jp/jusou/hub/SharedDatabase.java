package jp.jusou.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Several hub instances in one test JVM on one embedded PostgreSQL: the test class's own hub
 * ({@link HubTestSupport}) takes {@link #register}, further instances start with {@link #startOther}
 * on their own data directory, broker id and free ports. One database means one master key, so every
 * instance gets the same one (each demo instance would otherwise make its own).
 */
public final class SharedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path masterKey;

    private SharedDatabase(EmbeddedPostgres postgres, Path masterKey) {
        this.postgres = postgres;
        this.masterKey = masterKey;
    }

    public static SharedDatabase start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Path dir = Files.createDirectories(Path.of("target/test-data/shared-db-" + UUID.randomUUID()));
        Path masterKey = dir.resolve("master-keyset.json");
        try {
            com.google.crypto.tink.aead.AeadConfig.register();
            Files.writeString(masterKey, com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                    com.google.crypto.tink.KeysetHandle.generateNew(com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM),
                    com.google.crypto.tink.InsecureSecretKeyAccess.get()));
        } catch (java.security.GeneralSecurityException e) {
            postgres.close();
            throw new IllegalStateException(e);
        }
        return new SharedDatabase(postgres, masterKey);
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The test class's hub on this database with the shared master key. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("hub.keys.master", () -> "file:" + masterKey.toAbsolutePath());
    }

    /**
     * Another demo hub on this database: its own data directory, embedded broker id and free ports, no
     * stand-ins (their ports are fixed), the test connectors; {@code args} ({@code --name=value}) add to or
     * override these.
     */
    public ConfigurableApplicationContext startOther(String... args) {
        int brokerId = 700 + (int) (ProcessHandle.current().pid() % 100) + OTHERS.incrementAndGet() * 100;
        List<String> all = new ArrayList<>(List.of(
                "--hub.data-dir=" + Path.of("target/test-data/" + UUID.randomUUID()).toAbsolutePath(),
                "--hub.connectors.location=" + HubTestSupport.TEST_CONNECTORS,
                "--hub.broker.embedded-id=" + brokerId,
                "--hub.broker.url=vm://" + brokerId,
                "--hub.broker.acceptor=tcp://127.0.0.1:" + freePort() + "?protocols=CORE,AMQP",
                "--hub.broker.amqps.port=" + freePort(),
                "--hub.http.plain-port=" + freePort(),
                "--hub.demo.stand-ins.enabled=false",
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--hub.keys.master=file:" + masterKey.toAbsolutePath(),
                "--server.port=0",
                "--camel.main.run-controller=false",
                "--logging.level.root=WARN"));
        // one value per option: Spring joins an option given twice into a list
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String arg : all) {
            options.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : args) {
            options.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return new SpringApplicationBuilder(HubApplication.class).profiles("demo").run(options.values().toArray(String[]::new));
    }

    private static final java.util.concurrent.atomic.AtomicInteger OTHERS = new java.util.concurrent.atomic.AtomicInteger();

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
