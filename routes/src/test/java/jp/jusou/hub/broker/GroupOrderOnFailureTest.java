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
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer's connection dies after it acknowledged the first message of a case inside a transaction
 * (a hub instance killed while it commits). The broker rolls that transaction back, and the message goes
 * back to the queue once the roll-back is written; a slow write (here made slow on purpose, as a
 * replicated write to the backup is) must not let the case's next message reach another consumer first.
 * Without {@link GroupOrderOnFailure} the second message arrives first (the test shows it); with it, the
 * first.
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

        try (ClientSession sender = locator.createSessionFactory().createSession()) {
            ClientProducer producer = sender.createProducer(QUEUE);
            for (int n = 1; n <= 2; n++) {
                ClientMessage message = sender.createMessage(true);
                message.putStringProperty(Message.HDR_GROUP_ID, SimpleString.of("case-1"));
                message.putIntProperty("n", n);
                producer.send(message);
            }
        }
        ClientMessage first = consumerA.receive(10_000);
        assertThat(first.getIntProperty("n")).isEqualTo(1); // the case now belongs to A
        first.acknowledge();
        a.queueQuery(SimpleString.of(QUEUE)); // a round trip: the acknowledgement has reached the broker
        b.start(); // the survivor is ready; the case's second message stays in the queue, the case is A's

        ServerSession dying = broker.getActiveMQServer().getSessionByID(((ClientSessionInternal) a).getName());
        dying.getRemotingConnection().fail(new ActiveMQException("killed"));

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
