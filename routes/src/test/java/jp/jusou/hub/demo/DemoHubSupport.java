package jp.jusou.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jusou.hub.AgencyClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo as the README starts it: the repository's own connectors (connectors/*.yaml: file, SFTP,
 * webhook, HTTPS and broker transports) and the stand-ins for the agencies' far ends, everything on free
 * ports (the connectors are copied with the stand-ins' ports put in), one data directory per class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class DemoHubSupport {

    private static final AtomicInteger BROKER_IDS = new AtomicInteger(700);
    static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${hub.broker.acceptor}")
    protected String acceptor;

    @Value("${hub.data-dir}")
    protected String dataDir;

    @Value("${hub.http.plain-port}")
    protected int plainHttpPort;

    @DynamicPropertySource
    static void demoOnFreePorts(DynamicPropertyRegistry registry) throws IOException {
        int sftpPort = freePort();
        int webhookPort = freePort();
        int brokerPort = freePort();
        int id = BROKER_IDS.incrementAndGet();
        Path data = Path.of("./target/test-data/demo-" + UUID.randomUUID()).toAbsolutePath();
        Path connectors = Files.createDirectories(data.resolve("connectors-under-test"));
        try (var files = Files.list(Path.of("../connectors"))) {
            for (Path source : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(source, StandardCharsets.UTF_8)
                        .replace("port: 2222", "port: " + sftpPort)
                        .replace("127.0.0.1:8089/", "127.0.0.1:" + webhookPort + "/");
                Files.writeString(connectors.resolve(source.getFileName()), text, StandardCharsets.UTF_8);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        registry.add("hub.data-dir", data::toString);
        registry.add("hub.connectors.location", () -> "file:" + connectors + "/*.yaml");
        registry.add("hub.connectors.watch-dir", () -> "");
        registry.add("hub.broker.embedded-id", () -> id);
        registry.add("hub.broker.url", () -> "vm://" + id);
        registry.add("hub.broker.acceptor", () -> "tcp://127.0.0.1:" + brokerPort + "?protocols=CORE,AMQP");
        registry.add("hub.inbox.visibility-timeout", () -> "PT2S");
        registry.add("hub.operations.queue-depth-interval", () -> "PT1S");
        registry.add("hub.demo.stand-ins.sftp.port", () -> sftpPort);
        registry.add("hub.demo.stand-ins.webhook.port", () -> webhookPort);
        // the demo's other listeners on free ports: plain HTTP (what bin/demo-referral and the curl example
        // call, as on a demo machine's 127.0.0.1:8080) beside HTTPS on server.port, and AMQPS
        int plainHttp = freePort();
        int amqps = freePort();
        registry.add("hub.http.plain-port", () -> plainHttp);
        registry.add("hub.broker.amqps.port", () -> amqps);
    }

    protected String brokerUrl() {
        return acceptor.substring(0, acceptor.indexOf('?'));
    }

    protected int brokerPort() {
        return Integer.parseInt(brokerUrl().substring(brokerUrl().lastIndexOf(':') + 1));
    }

    protected String httpUrl() {
        return "http://127.0.0.1:" + plainHttpPort;
    }

    protected AgencyClient agency(String id) {
        return new AgencyClient(brokerUrl(), id, "demo-" + id);
    }

    /** Where the webhook stand-in of omuta-jiritsu keeps what it received. */
    protected Path webhookReceived() {
        return Path.of(dataDir, "demo/webhook-omuta-jiritsu");
    }

    /** The SFTP stand-in's directory the hub writes omuta-houkatsu-2's messages to. */
    protected Path sftpFromHub() {
        return Path.of(dataDir, "demo/sftp-omuta-houkatsu-2/exchange/from-hub");
    }

    /** Files under a directory whose text holds a string (a messageId). */
    protected static java.util.List<Path> filesContaining(Path dir, String text) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false; // being written
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a condition the hub brings about asynchronously (no timed assertion: fails only after WAIT). */
    protected static void await(java.util.concurrent.Callable<Boolean> condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(WAIT).pollInterval(java.time.Duration.ofMillis(100)).until(condition);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
