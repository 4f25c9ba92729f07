package jp.jusou.hub.broker;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.login.Configuration;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.utils.DefaultSensitiveStringCodec;
import org.apache.activemq.artemis.utils.PasswordMaskingUtil;

/**
 * An Artemis broker as its own JVM, built from the jars the hub already carries: what the Artemis
 * distribution's {@code artemis run} does for an instance, without the distribution. It loads a
 * {@code broker.xml} as a standalone broker loads it (so {@code ${name:default}} takes system
 * properties, and the file is watched for changes to security settings and addresses), keeps the
 * journal, bindings, paging and large messages under one data directory, and authenticates through
 * JAAS with Artemis's {@code PropertiesLoginModule} over {@code artemis-users.properties} /
 * {@code artemis-roles.properties} files ({@code ENC(...)} one-way hashed passwords, re-read when
 * changed). One process per broker: a primary and a backup are two processes, each with its own
 * broker.xml and data directory.
 *
 * <p>Prints one line starting with {@link #READY} once the broker is up; stops it on SIGTERM (or
 * Ctrl-C) and exits 0. Refuses to start, with one line on stderr and exit status 2, when a file is
 * missing or a user has no password. Deliberately free of Spring and of the hub's other packages.
 */
public final class StandaloneBroker {

    /** The start of the line printed once the broker accepts connections (tests and scripts wait for it). */
    public static final String READY = "broker ready:";
    /** The JAAS application name the broker logs users in with (as in the Artemis distribution). */
    static final String JAAS_DOMAIN = BrokerLogins.PASSWORD_DOMAIN;

    static final int REFUSED = 2;
    static final int FAILED = 1;

    static final String USAGE = """
            usage: broker --config BROKER_XML --data DIR --users USERS_FILE --roles ROLES_FILE
                   broker hash-password          (reads a password on stdin, prints its ENC(...) hash)
              --config  the broker.xml to run (e.g. deploy/artemis/broker.xml); ${name:default} in it
                        takes the JVM system property name (bin/broker -Dname=value ...)
              --data    directory for journal/, bindings/, paging/ and large-messages/ (created if missing;
                        overrides the directories in broker.xml)
              --users   artemis-users.properties: user = ENC(hash) from hash-password (a password in clear is refused)
              --roles   artemis-roles.properties: role = user1,user2
              an agency may log in by its client certificate on the amqps acceptor when cert-users.properties
              (agencyId = subject DN) lies beside the users file""";

    private StandaloneBroker() {
    }

    /** The launcher's refusal to start: one line for the operator, no stack trace. */
    static final class Refused extends Exception {

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    record Options(Path config, Path data, Path users, Path roles) {
    }

    /** Status the JVM exits with once the shutdown hook has stopped the broker (0 for SIGTERM). */
    private static volatile int exitStatus = 0;
    private static volatile boolean ready;
    private static volatile boolean stopping;
    private static final AtomicReference<EmbeddedActiveMQ> running = new AtomicReference<>();
    private static final AtomicReference<Exception> activationFailure = new AtomicReference<>();

    public static void main(String[] args) {
        // the broker's log (the distribution's log4j2.properties, here in logback): INFO on stdout; set
        // before any Artemis class gets its logger
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "broker-logback.xml");
        }
        if (args.length == 1 && args[0].equals("hash-password")) {
            System.exit(hashPassword());
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        // from here on every exit, SIGTERM included, goes through the hook: it stops the broker if
        // there is one and ends the JVM with exitStatus (so use exit(status), not System.exit)
        Runtime.getRuntime().addShutdownHook(new Thread(StandaloneBroker::shutdown, "broker-shutdown"));
        if (args.length == 0) {
            System.err.println(USAGE);
            exit(REFUSED);
            return;
        }
        Options options;
        Map<String, String> users;
        EmbeddedActiveMQ broker;
        try {
            options = parse(args);
            checkFile(options.config(), "--config", "broker configuration");
            users = checkUsers(options.users(), options.roles());
            broker = broker(options);
        } catch (Refused e) {
            System.err.println("broker: " + e.getMessage());
            exit(REFUSED);
            return;
        }
        running.set(broker);
        if (stopping) {
            return; // SIGTERM before the broker was made
        }
        ActiveMQServer server;
        try {
            broker.createActiveMQServer();
            server = broker.getActiveMQServer();
            server.registerActivationFailureListener(e -> {
                activationFailure.set(e);
                if (ready) { // a backup's activation runs after start, on a thread of its own
                    System.err.println("broker: activation failed: " + e);
                    exitLater(FAILED);
                }
            });
            broker.start();
        } catch (Exception e) {
            System.err.println("broker: failed to start: " + e);
            exit(FAILED);
            return;
        }
        if (stopping) {
            return; // SIGTERM during the start: the shutdown hook stops the broker and ends the JVM
        }
        boolean backup = server.getHAPolicy() != null && server.getHAPolicy().isBackup();
        if (activationFailure.get() != null || (!server.isActive() && !backup)) {
            System.err.println("broker: failed to start: " + (activationFailure.get() != null ? activationFailure.get()
                    : "not active (state " + server.getState() + ")") + "; see the log above");
            exit(FAILED);
            return;
        }
        ready = true;
        System.out.printf("%s %s (Artemis %s) %s, acceptors %s, %d users, data %s, started in %.1f s%n", READY,
                server.getConfiguration().getName(), server.getVersion().getFullVersion(),
                server.isActive() ? "active" : "backup (active once its primary fails)",
                acceptors(server.getConfiguration().getAcceptorConfigurations()), users.size(), options.data(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        System.out.flush();
        try {
            Thread.currentThread().join(); // until SIGTERM: the shutdown hook stops the broker and ends the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Options parse(String[] args) throws Refused {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!List.of("--config", "--data", "--users", "--roles").contains(name)) {
                throw new Refused("unknown argument '" + arg + "' (--help for usage)");
            }
            if (value == null || value.isBlank()) {
                throw new Refused(name + " needs a value (--help for usage)");
            }
            values.put(name, value);
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("--config", "--data", "--users", "--roles")) {
            if (!values.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused("missing " + String.join(", ", missing) + " (--help for usage)");
        }
        return new Options(Path.of(values.get("--config")).toAbsolutePath().normalize(),
                Path.of(values.get("--data")).toAbsolutePath().normalize(),
                Path.of(values.get("--users")).toAbsolutePath().normalize(),
                Path.of(values.get("--roles")).toAbsolutePath().normalize());
    }

    private static void checkFile(Path file, String option, String what) throws Refused {
        if (!Files.isRegularFile(file)) {
            throw new Refused("the " + what + " " + file + " (" + option + ") does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new Refused("the " + what + " " + file + " (" + option + ") cannot be read");
        }
    }

    /**
     * The users file as the login module will read it (java.util.Properties), checked: every user
     * has a password, and there is at least one user. Returns user to stored password.
     */
    static Map<String, String> checkUsers(Path usersFile, Path rolesFile) throws Refused {
        checkFile(usersFile, "--users", "users file");
        checkFile(rolesFile, "--roles", "roles file");
        Properties users = new Properties();
        try (InputStream in = Files.newInputStream(usersFile)) {
            users.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused("the users file " + usersFile + " cannot be read: " + e.getMessage());
        }
        TreeSet<String> empty = new TreeSet<>();
        TreeSet<String> clear = new TreeSet<>();
        Map<String, String> result = new LinkedHashMap<>();
        for (String user : users.stringPropertyNames()) {
            String password = users.getProperty(user).trim();
            if (password.isEmpty() || (PasswordMaskingUtil.isEncMasked(password) && PasswordMaskingUtil.unwrap(password).isBlank())) {
                empty.add(user);
            } else if (!PasswordMaskingUtil.isEncMasked(password)) {
                clear.add(user);
            }
            result.put(user, password);
        }
        if (!empty.isEmpty()) {
            throw new Refused("the users file " + usersFile + " gives no password for " + String.join(", ", empty)
                    + " (every broker user needs one)");
        }
        if (!clear.isEmpty()) { // the broker only verifies them: a stolen users file must not give agencies' secrets away
            throw new Refused("the users file " + usersFile + " holds the password of " + String.join(", ", clear)
                    + " in clear; store its one-way hash instead: user = ENC(...) from `broker hash-password`");
        }
        if (result.isEmpty()) {
            throw new Refused("the users file " + usersFile + " has no users");
        }
        return result;
    }

    /** The directory of the broker.xml being run, for its {@code xi:include}s (a system property, set unless given). */
    public static final String CONFIG_DIR = "broker.config.dir";

    /** The broker of {@code options}: its broker.xml, its data directory, its JAAS users. */
    static EmbeddedActiveMQ broker(Options options) throws Refused {
        // Artemis parses broker.xml from a string, so a relative xi:include would resolve against the working
        // directory; the hub's files include "${broker.config.dir}/hub-....xml" instead
        if (System.getProperty(CONFIG_DIR) == null) {
            System.setProperty(CONFIG_DIR, options.config().getParent().toString());
        }
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(options.config().toUri().toString());
        deployment.addDeployable(config);
        try {
            deployment.readConfiguration();
        } catch (Exception e) {
            throw new Refused("the broker configuration " + options.config() + " cannot be loaded: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
        }
        Path data = options.data();
        config.setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString());

        checkHighAvailability(config);
        Configuration.setConfiguration(loginConfiguration(options.users(), options.roles()));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(JAAS_DOMAIN, BrokerLogins.CERTIFICATE_DOMAIN));
        return broker;
    }

    /**
     * A broker of an HA pair (any ha-policy but none) replicates with the cluster credentials and
     * announces its connectors to clients: refuse a cluster password that is missing (an unresolved
     * {@code ${cluster.password}}), Artemis's default, or short, and a connector whose host was not given.
     */
    static void checkHighAvailability(org.apache.activemq.artemis.core.config.Configuration config) throws Refused {
        if (config.getHAPolicyConfiguration() == null
                || config.getHAPolicyConfiguration().getType() == org.apache.activemq.artemis.core.config.HAPolicyConfiguration.TYPE.PRIMARY_ONLY) {
            return;
        }
        String password = config.getClusterPassword();
        if (password == null || password.contains("${") || password.length() < 16
                || password.equals(org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration.getDefaultClusterPassword())) {
            throw new Refused("a broker of an HA pair needs its cluster password: -Dcluster.password=<at least 16 characters,"
                    + " the same on both brokers>");
        }
        for (TransportConfiguration connector : config.getConnectorConfigurations().values()) {
            Object host = connector.getParams().get("host");
            if (host == null || host.toString().contains("${") || host.toString().equals("0.0.0.0")) {
                throw new Refused("connector '" + connector.getName() + "' has no host clients can reach: give -Dbroker.host"
                        + " (this broker) and -Dbroker.peer.host (the other one)");
            }
        }
    }

    /** The JAAS login configuration: passwords, and client certificates listed in cert-users.properties ({@link BrokerLogins}). */
    static Configuration loginConfiguration(Path usersFile, Path rolesFile) {
        return BrokerLogins.configuration(usersFile, rolesFile);
    }

    private static String acceptors(Iterable<TransportConfiguration> acceptors) {
        List<String> result = new ArrayList<>();
        for (TransportConfiguration acceptor : acceptors) {
            Map<String, Object> params = acceptor.getParams();
            result.add(acceptor.getName() + "=" + params.getOrDefault("host", "localhost") + ":" + params.getOrDefault("port", 61616));
        }
        return String.join(" ", result);
    }

    private static void shutdown() {
        stopping = true;
        long start = System.nanoTime();
        int status = exitStatus;
        EmbeddedActiveMQ broker = running.get();
        try {
            if (broker != null && broker.getActiveMQServer() != null) {
                System.out.println("broker stopping");
                System.out.flush();
                broker.stop();
                System.out.printf("broker stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            }
        } catch (Exception e) {
            System.err.println("broker: stopping failed: " + e);
            status = status == 0 ? FAILED : status;
        }
        System.out.flush();
        System.err.flush();
        // the JVM would report a SIGTERM as 143; a clean stop is a clean exit
        Runtime.getRuntime().halt(status);
    }

    private static void exit(int status) {
        exitStatus = status;
        System.exit(status);
    }

    /** From a broker thread (which may hold locks the stop needs): exit from a thread of its own. */
    private static void exitLater(int status) {
        exitStatus = status;
        new Thread(() -> System.exit(status), "broker-exit").start();
    }

    /** {@code bin/broker hash-password}: the {@code ENC(...)} hash of a password, as {@code artemis mask --hash} makes it. */
    private static int hashPassword() {
        try {
            char[] password;
            Console console = System.console();
            if (console != null) {
                password = console.readPassword("password: ");
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.toCharArray();
            }
            if (password == null || password.length == 0) {
                System.err.println("broker: no password given");
                return REFUSED;
            }
            System.out.println(hash(new String(password)));
            return 0;
        } catch (Exception e) {
            System.err.println("broker: cannot hash the password: " + e.getMessage());
            return FAILED;
        }
    }

    /** The {@code ENC(...)} one-way hash of a password, for an artemis-users.properties file. */
    public static String hash(String password) throws Exception {
        DefaultSensitiveStringCodec codec = new DefaultSensitiveStringCodec();
        codec.init(Map.of(DefaultSensitiveStringCodec.ALGORITHM, DefaultSensitiveStringCodec.ONE_WAY));
        return PasswordMaskingUtil.wrap(codec.encode(password));
    }
}
