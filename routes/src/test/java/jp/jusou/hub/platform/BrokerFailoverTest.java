package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.AfterTheHub;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.BrokerProcess;
import jp.jusou.hub.ExternalProfile;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.HubProcess;
import jp.jusou.hub.TlsClients;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub on the Artemis HA pair of {@code deploy/artemis/ha/} (primary and backup as two processes of
 * the broker launcher, replicating): referrals keep flowing while the primary is killed with SIGKILL
 * (the backup takes over) and again while it comes back (failback). Every referral reaches its
 * recipient exactly once and in its case's order. The agency and the hub use the failover URL of the
 * deployment notes.
 */
// before @SpringBootTest: the brokers are stopped after the test framework has closed the hub's context
@ExtendWith(AfterTheHub.class)
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("external")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerFailoverTest {

    static final String SENDER = "omuta-houkatsu-1";
    static final String RECIPIENT = "omuta-takikan";
    static final int CASES = 6;
    static BrokerProcess primary;
    static BrokerProcess backup;
    static ExternalProfile profile;
    static String agencyUrl;

    @DynamicPropertySource
    static void brokerPair(DynamicPropertyRegistry registry) throws Exception {
        int primaryPort = HubProcess.freePort();
        int backupPort = HubProcess.freePort();
        int primaryAmqps = HubProcess.freePort();
        int backupAmqps = HubProcess.freePort();
        Path dir = Files.createTempDirectory(Path.of("target"), "broker-pair-").toAbsolutePath();
        profile = ExternalProfile.in(dir);
        Path ha = Path.of("../deploy/artemis/ha");
        primary = BrokerProcess.start(ha.resolve("primary.xml"), dir.resolve("primary"), profile.users(), profile.roles(),
                pairProperties(primaryPort, primaryAmqps, backupPort), profile.brokerEnvironment());
        backup = BrokerProcess.start(ha.resolve("backup.xml"), dir.resolve("backup"), profile.users(), profile.roles(),
                pairProperties(backupPort, backupAmqps, primaryPort), profile.brokerEnvironment());
        AfterTheHub.closeAfter(BrokerFailoverTest.class, BrokerFailoverTest::stopBrokers);
        backup.awaitLog("AMQ221024", Duration.ofSeconds(90)); // "synchronized with primary"

        // the hub: CORE over TLS to both; agencies: AMQP over TLS with failover to both (docs/integration.md)
        profile.register(registry, "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1"
                + "&retryInterval=200&retryIntervalMultiplier=1.5&maxRetryInterval=2000&" + profile.brokerTrust().replace(';', '&'));
        agencyUrl = "failover:(amqps://127.0.0.1:" + primaryAmqps + ",amqps://127.0.0.1:" + backupAmqps + ")"
                + "?failover.maxReconnectAttempts=-1&failover.initialReconnectDelay=100&failover.maxReconnectDelay=2000"
                // the broker announces its CORE connectors as the failover list; an AMQP client keeps its own
                + "&failover.amqpOpenServerListAction=IGNORE";
    }

    static Map<String, String> pairProperties(int port, int amqpsPort, int peerPort) {
        Map<String, String> properties = new java.util.HashMap<>(profile.brokerProperties());
        properties.putAll(Map.of("broker.host", "127.0.0.1", "broker.port", String.valueOf(port), "broker.amqps-port", String.valueOf(amqpsPort),
                "broker.peer.host", "127.0.0.1", "broker.peer.port", String.valueOf(peerPort), "cluster.password", "cluster-secret-for-the-test"));
        return properties;
    }

    static AgencyClient agency(String id) {
        return AgencyClient.amqps(agencyUrl, TlsClients.context(profile.tls().caCertificate(), null, null), id, ExternalProfile.agencySecret(id));
    }

    /**
     * After the test framework has closed the hub's context ({@link AfterTheHub}): with the brokers gone
     * first, the hub's close waited 30 s per connection (90 s in one CI run).
     */
    static void stopBrokers() throws Exception {
        for (BrokerProcess broker : new BrokerProcess[] {backup, primary}) {
            if (broker != null && broker.isAlive()) {
                broker.stop();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES) // a stuck failover fails, never hangs CI
    void referralsSurviveTheLossOfThePrimaryAndItsReturn() throws Exception {
        try (AgencyClient sender = agency(SENDER); AgencyClient recipient = agency(RECIPIENT)) {
            HubTestSupport.grantTestConsent(sender, SENDER);
            Flow flow = new Flow(sender, recipient);

            flow.send(30);
            primary.kill(); // the machine dies under load
            flow.send(60);
            flow.assertAllArrived(Duration.ofSeconds(120));
            assertThat(backup.awaitLog("AMQ221007", Duration.ofSeconds(5))).as("the backup became active").isNotNull();

            primary.restart(); // failback: it catches up from the backup and takes over again
            flow.send(60);
            flow.assertAllArrived(Duration.ofSeconds(120));
            System.out.printf("broker failover and failback: %d referrals, %d sends retried, lost 0, duplicated 0, out of order 0%n",
                    flow.sent.size(), flow.retries);
        }
    }

    /** Referrals of a few cases sent one after another, and what arrives at the recipient. */
    static final class Flow {
        final AgencyClient sender;
        final AgencyClient recipient;
        final List<String> sent = new ArrayList<>();
        final Map<String, Integer> caseOf = new HashMap<>();
        final Map<String, Integer> arrivals = new LinkedHashMap<>();
        final Map<Integer, List<Integer>> orderByCase = new HashMap<>();
        int retries;

        Flow(AgencyClient sender, AgencyClient recipient) {
            this.sender = sender;
            this.recipient = recipient;
        }

        void send(int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                int n = sent.size();
                int kase = n % CASES;
                ObjectNode referral = Messages.referral(SENDER, RECIPIENT);
                referral.put("caseId", "C-FO-" + kase);
                String id = referral.get("messageId").asText();
                // a send cut off by the failover may or may not have reached the broker: send it again,
                // the hub delivers a messageId once
                for (int attempt = 1; ; attempt++) {
                    try {
                        sender.send(Messages.text(referral), "case:C-FO-" + kase);
                        break;
                    } catch (IllegalStateException e) {
                        assertThat(attempt).as("sending %s: %s", id, e.getCause()).isLessThan(100);
                        retries++;
                        Thread.sleep(200); // an agency's back-off before it sends again, as a real one would
                    }
                }
                sent.add(id);
                caseOf.put(id, kase);
            }
        }

        void assertAllArrived(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (arrivals.size() < sent.size() && System.nanoTime() < deadline) {
                JsonNode message = recipient.receive(Duration.ofSeconds(1));
                if (message != null && "referral".equals(message.path("type").asText())) {
                    String id = message.path("messageId").asText();
                    arrivals.merge(id, 1, Integer::sum);
                    orderByCase.computeIfAbsent(caseOf.getOrDefault(id, -1), k -> new ArrayList<>()).add(sent.indexOf(id));
                }
            }
            assertThat(arrivals.keySet()).as("lost").containsExactlyInAnyOrderElementsOf(sent);
            assertThat(arrivals.values()).as("each delivered once").allMatch(times -> times == 1);
            orderByCase.forEach((kase, order) -> assertThat(order).as("order of case %d", kase).isSorted());
        }
    }

}
