package jp.jusou.hub.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import jp.jusou.hub.benchmark.LoadGenerator.Login;
import jp.jusou.hub.message.BrokerNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the benchmark does to the hub it embeds, besides loading it: the journal it runs, the consents
 * its referrals need, the agencies' demo logins, the hand-written bridge beside it, and its clean-up.
 */
final class BenchmarkHub {

    private BenchmarkHub() {
    }

    /** Which journal the embedded broker runs (ASYNCIO needs libaio; Artemis falls back to NIO) and the disk's sync latency. */
    static Map<String, Object> journal(ConfigurableApplicationContext hub, Path dataDir) throws IOException {
        Map<String, Object> journal = new LinkedHashMap<>();
        org.apache.activemq.artemis.core.config.Configuration config = hub
                .getBean(org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class).getActiveMQServer().getConfiguration();
        journal.put("type", config.getJournalType().name());
        journal.put("bufferTimeoutNs", config.getJournalType() == org.apache.activemq.artemis.core.server.JournalType.ASYNCIO
                ? config.getJournalBufferTimeout_AIO() : config.getJournalBufferTimeout_NIO());
        journal.put("syncWrite", JournalProbe.measure(dataDir, 500));
        return journal;
    }

    /** The hub delivers a referral only under a registered consent: one per benchmark subject. */
    static void registerConsents(String tcpUrl) throws Exception {
        Login sender = agency(Benchmark.SENDER);
        org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(tcpUrl, sender.user(), sender.password());
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(BrokerNames.inbound(Benchmark.SENDER)));
            for (int c = 0; c < ReferralBodies.CASES; c++) {
                producer.send(session.createTextMessage(ReferralBodies.consentGrant(c)));
            }
            jakarta.jms.MessageConsumer reports = session.createConsumer(session.createQueue(BrokerNames.outbound(Benchmark.SENDER)));
            int registered = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (registered < ReferralBodies.CASES && System.nanoTime() < deadline) {
                jakarta.jms.Message m = reports.receive(1000);
                if (m instanceof jakarta.jms.TextMessage t && t.getText().contains("\"inReplyTo\":\"bench.consent.")) {
                    if (!t.getText().contains("\"outcome\":\"delivered\"")) {
                        throw new IllegalStateException("a benchmark consent was not registered: " + t.getText());
                    }
                    registered++;
                }
            }
            if (registered < ReferralBodies.CASES) {
                throw new IllegalStateException("only " + registered + " of " + ReferralBodies.CASES + " consents registered");
            }
        }
    }

    static Login agency(String id) {
        return new Login(id, "demo-" + id); // the demo profile's agency secrets
    }

    /**
     * The bridge a team would write by hand: a JmsComponent with just a plain connection factory and
     * transacted=true, and a route from one queue to another. Started only for its own scenario.
     */
    static void addBridge(CamelContext camel, String vmUrl, Login hub) throws Exception {
        JmsComponent bridge = new JmsComponent();
        bridge.setConnectionFactory(new ActiveMQConnectionFactory(vmUrl, hub.user(), hub.password()));
        bridge.setTransacted(true);
        camel.addComponent("bridgejms", bridge);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("bridgejms:queue:bench.bridge.in").routeId(Benchmark.BRIDGE_ROUTE).autoStartup(false)
                        .to("bridgejms:queue:bench.bridge.out");
            }
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void closeQuietly(ConfigurableApplicationContext hub) {
        Thread closer = new Thread(hub::close, "bench-hub-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.println("benchmark: the hub did not stop within 30 s; exiting anyway");
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp directory; the OS cleans it up eventually
        }
    }
}
