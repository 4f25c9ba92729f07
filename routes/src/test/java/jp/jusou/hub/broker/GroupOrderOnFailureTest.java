package jp.jusou.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.client.impl.ClientSessionInternal;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.persistence.OperationContext;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two moments when a case's messages change consumers while one of them is being rolled back, on an
 * embedded broker set up as the hub's inbound queues are, with the roll-back's journal write made slow on
 * purpose (as a replicated write to the backup can be):
 * <ul>
 *   <li>a consumer's connection dies after it acknowledged the case's first message inside a transaction
 *       (a hub instance killed while it commits);</li>
 *   <li>a consumer joins (a hub instance starting) while another holds the case's first message and then
 *       rolls it back (a failed attempt).</li>
 * </ul>
 * Without {@link GroupOrderOnFailure} the case's second message reaches the other consumer first (each
 * test shows it); with it, the first.
 */
class GroupOrderOnFailureTest {

    static final String QUEUE = "hub.inbound.test";

    @TempDir
    Path dir;

    EmbeddedActiveMQ broker;
    ServerLocator locator;
    final ScheduledExecutorService disk = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws Exception {
        if (locator != null) {
            locator.close();
        }
        if (broker != null) {
            broker.stop();
        }
        disk.shutdownNow();
    }

    @Test
    void theCaseKeepsItsOrderWhenItsConsumerDiesMidTransaction() throws Exception {
        start(true);
        assertThat(deliveredAfterFailure()).containsExactly(1, 2);
    }

    @Test
    void withoutThePluginTheNextMessageOfTheCaseOvertakes() throws Exception {
        start(false);
        assertThat(deliveredAfterFailure()).containsExactly(2, 1);
    }

    @Test
    void aConsumerThatJoinsWhileAnotherRollsBackTakesTheCaseInOrder() throws Exception {
        start(true);
        assertThat(deliveredAfterJoin()).containsExactly(1, 2);
    }

    @Test
    void withoutThePluginTheNextMessageOfTheCaseOvertakesTheJoiner() throws Exception {
        start(false);
        assertThat(deliveredAfterJoin()).containsExactly(2, 1);
    }

    @Test
    void everyBrokerXmlInDeployNamesThePlugin() throws Exception {
        for (String file : List.of("broker.xml", "ha/primary.xml", "ha/backup.xml")) {
            org.w3c.dom.NodeList plugins = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(Path.of("../deploy/artemis", file).toFile()).getElementsByTagName("broker-plugin");
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < plugins.getLength(); i++) {
                classes.add(((org.w3c.dom.Element) plugins.item(i)).getAttribute("class-name"));
            }
            assertThat(classes).as(file).contains(GroupOrderOnFailure.class.getName(), InboundSizeLimit.class.getName());
        }
    }

    /** Two messages of one case; A takes the first and dies mid-transaction; B, the survivor, gets both. */
    List<Integer> deliveredAfterFailure() throws Exception {
        ClientSessionFactory factoryA = locator.createSessionFactory();
        // transacted acknowledgements, sent at once: the broker holds the first message's ack in A's transaction
        ClientSession a = factoryA.createSession(true, false, 0);
        ClientConsumer consumerA = a.createConsumer(QUEUE, null, 0, -1, false); // no prefetch: the next waits in the queue
        a.start();
        ClientSessionFactory factoryB = locator.createSessionFactory();
        ClientSession b = factoryB.createSession();
        ClientConsumer consumerB = b.createConsumer(QUEUE); // present from the start, not yet started

        send("case-1", 1, 2);
        ClientMessage first = consumerA.receive(10_000);
        assertThat(first.getIntProperty("n")).isEqualTo(1); // the case now belongs to A
        first.acknowledge();
        a.queueQuery(SimpleString.of(QUEUE)); // a round trip: the acknowledgement has reached the broker
        b.start(); // the survivor is ready; the case's second message stays in the queue, the case is A's

        onBroker(a).getRemotingConnection().fail(new ActiveMQException("killed"));

        List<Integer> delivered = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ClientMessage message = consumerB.receive(10_000);
            assertThat(message).as("message %d after the failure", i + 1).isNotNull();
            message.acknowledge();
            delivered.add(message.getIntProperty("n"));
        }
        assertThat(consumerB.receiveImmediate()).isNull();
        return delivered;
    }

    /**
     * A holds the case's first message (a failed attempt, backing off); B joins, and the broker's group
     * rebalance waits for what A holds; A rolls back, and its roll-back is written slowly; meanwhile
     * another case's message arrives and the queue dispatches. B then gets both of the case's messages.
     */
    List<Integer> deliveredAfterJoin() throws Exception {
        ClientSessionFactory factoryA = locator.createSessionFactory();
        ClientSession a = factoryA.createSession(false, false); // transacted, as the hub's listeners
        ClientConsumer consumerA = a.createConsumer(QUEUE, null, 0, -1, false);
        a.start();
        send("case-1", 1, 2);
        ClientMessage first = consumerA.receive(10_000);
        assertThat(first.getIntProperty("n")).isEqualTo(1);

        ClientSessionFactory factoryB = locator.createSessionFactory();
        ClientSession b = factoryB.createSession();
        ClientConsumer consumerB = b.createConsumer(QUEUE); // joins: the groups are rebalanced
        b.start();

        // A's roll-back is written half a second late, as a slow or replicated journal write can be
        OperationContext context = onBroker(a).getSessionContext();
        broker.getActiveMQServer().getRemotingService().addIncomingInterceptor((org.apache.activemq.artemis.api.core.Interceptor) (packet, connection) -> {
            if (packet.getType() == PacketImpl.SESS_ROLLBACK) {
                context.storeLineUp();
                disk.schedule(context::done, 500, TimeUnit.MILLISECONDS);
            }
            return true;
        });
        Thread rollback = new Thread(() -> {
            try {
                a.rollback();
            } catch (ActiveMQException e) {
                throw new IllegalStateException(e);
            }
        });
        rollback.start();
        // the roll-back has reached the broker: A no longer holds the message, whose way back is still being written
        ServerConsumer heldBy = onBroker(a).getServerConsumers().iterator().next();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> heldBy.getDeliveringMessages().isEmpty());
        send("case-2", 9); // another case: the queue dispatches

        List<Integer> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClientMessage message = consumerB.receive(10_000);
            assertThat(message).as("message %d after the join", i + 1).isNotNull();
            message.acknowledge();
            if (message.getIntProperty("n") != 9) {
                delivered.add(message.getIntProperty("n"));
            }
        }
        rollback.join(10_000);
        return delivered;
    }

    /** The broker's side of a client's session. */
    ServerSession onBroker(ClientSession session) {
        return broker.getActiveMQServer().getSessionByID(((ClientSessionInternal) session).getName());
    }

    void send(String group, int... numbers) throws Exception {
        try (ClientSession sender = locator.createSessionFactory().createSession()) {
            ClientProducer producer = sender.createProducer(QUEUE);
            for (int n : numbers) {
                ClientMessage message = sender.createMessage(true);
                message.putStringProperty(Message.HDR_GROUP_ID, SimpleString.of(group));
                message.putIntProperty("n", n);
                producer.send(message);
            }
        }
    }

    void start(boolean withPlugin) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .addAcceptorConfiguration("in-vm", "vm://0");
        // as the hub's inbound queues are set up (platform.EmbeddedBroker, deploy/artemis)
        config.addAddressSetting("hub.inbound.#", new AddressSettings()
                .setRedeliveryDelay(0)
                .setDefaultGroupBuckets(1024)
                .setDefaultGroupRebalance(true)
                .setDefaultGroupRebalancePauseDispatch(true));
        config.addQueueConfiguration(QueueConfiguration.of(QUEUE).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.registerBrokerPlugin(new SlowRollbackWrite());
        if (withPlugin) {
            config.registerBrokerPlugin(new GroupOrderOnFailure());
        }
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        locator = ActiveMQClient.createServerLocator("vm://0");
    }

    /**
     * Stands for a journal write that takes its time (one replicated to a backup does): whatever the
     * closing thread writes for a failed session completes half a second later.
     */
    class SlowRollbackWrite implements ActiveMQServerPlugin {
        ActiveMQServer server;

        @Override
        public void registered(ActiveMQServer server) {
            this.server = server;
        }

        @Override
        public void beforeCloseSession(ServerSession session, boolean failed) {
            if (failed) {
                OperationContext context = server.getStorageManager().getContext();
                context.storeLineUp();
                disk.schedule(context::done, 500, TimeUnit.MILLISECONDS);
            }
        }
    }
}
