package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.Messages;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The "external" profile against a separate broker configured by {@code deploy/artemis/broker.xml}
 * (loaded as a standalone broker would load it, with users from a JAAS login module): no embedded
 * broker in the hub, real secrets instead of demo ones, the hub and the agencies over TCP.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("external")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExternalBrokerTest {

    static final List<String> AGENCIES = List.of("omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai",
            "omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1");
    static EmbeddedActiveMQ broker;
    static int port;

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory(Path.of("target"), "external-broker-");
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(new File("../deploy/artemis/broker.xml").toURI().toString());
        deployment.addDeployable(config);
        deployment.readConfiguration();
        config.setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large").toString());
        config.getAcceptorConfigurations().clear();
        config.addAcceptorConfiguration("hub", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");

        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser("hub", "hub-secret");
        users.addRole("hub", "HUB");
        for (String agency : AGENCIES) {
            users.addUser(agency, "secret-" + agency);
            users.addRole(agency, agency);
        }
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();

        registry.add("HUB_BROKER_URL", () -> "tcp://127.0.0.1:" + port);
        registry.add("HUB_BROKER_PASSWORD", () -> "hub-secret");
        registry.add("HUB_DB_URL", () -> "jdbc:h2:file:./target/test-data/external-" + port + "/hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("HUB_DB_USER", () -> "hub");
        registry.add("HUB_DB_PASSWORD", () -> "");
        registry.add("HUB_OPERATOR_PASSWORD", () -> "operator-secret");
        registry.add("HUB_AUDITOR_PASSWORD", () -> "auditor-secret");
        registry.add("hub.data-dir", () -> "./target/test-data/external-" + port);
        registry.add("hub.connectors.location", () -> jp.jusou.hub.HubTestSupport.TEST_CONNECTORS);
        for (String agency : AGENCIES) {
            registry.add("HUB_SECRET_" + agency.toUpperCase().replace('-', '_'), () -> "secret-" + agency);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Value("${hub.broker.embedded}")
    boolean embedded;

    @Test
    void hubRunsAgainstTheStandaloneBrokerConfiguration() {
        assertThat(embedded).isFalse();
        String url = "tcp://127.0.0.1:" + port;
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        try (AgencyClient houkatsu = new AgencyClient(url, "omuta-houkatsu-1", "secret-omuta-houkatsu-1");
             AgencyClient takikan = new AgencyClient(url, "omuta-takikan", "secret-omuta-takikan")) {
            jp.jusou.hub.HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1");
            houkatsu.send(Messages.text(referral));
            assertThat(takikan.receiveMessage(id, Duration.ofSeconds(15))).isEqualTo(referral);
            assertThat(houkatsu.receiveReport(id, Duration.ofSeconds(10)).at("/payload/outcome").asText()).isEqualTo("delivered");

            Session session = takikan.session();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-houkatsu-1")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThatThrownBy(() -> new AgencyClient(url, "omuta-takikan", "demo-omuta-takikan")).isInstanceOf(IllegalStateException.class);
    }
}
