package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The overdue timer across restarts: a referral is made, the hub stops; time passes (a clock the test
 * controls); a new hub on the same data finds it overdue and notifies once; a third start sends nothing.
 */
class OverdueRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theDeadlineOutlivesTheHubAndFiresOnce() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "overdue-restart-");
        int brokerPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            brokerPort = socket.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + brokerPort;
        OverdueReferralsTest.TestClock clock = new OverdueReferralsTest.TestClock();
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        Messages.payload(referral).put("respondBy", LocalDate.now(clock).plusDays(1).toString());
        String referralId = Messages.payload(referral).get("referralId").asText();

        try (ConfigurableApplicationContext first = start(data, brokerPort, clock)) {
            try (AgencyClient houkatsu = new AgencyClient(url, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
                HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1");
                houkatsu.send(Messages.text(referral));
                assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
            }
            assertThat(first.getBean(OverdueReferrals.class).check()).isZero();
        }

        clock.advanceDays(3);
        try (ConfigurableApplicationContext second = start(data, brokerPort, clock)) {
            assertThat(second.getBean(OverdueReferrals.class).check()).as("overdue after the restart").isEqualTo(1);
            try (AgencyClient takikan = new AgencyClient(url, "omuta-takikan", "demo-omuta-takikan")) {
                JsonNode reminder = takikan.receiveWhere(m -> "referral-overdue".equals(m.path("type").asText())
                        && referralId.equals(m.at("/payload/referralId").asText()), WAIT);
                assertThat(reminder).isNotNull();
            }
        }
        try (ConfigurableApplicationContext third = start(data, brokerPort, clock)) {
            assertThat(third.getBean(OverdueReferrals.class).check()).as("once, whatever the restarts").isZero();
        }
    }

    private static ConfigurableApplicationContext start(Path data, int brokerPort, Clock clock) {
        return new SpringApplicationBuilder(HubApplication.class)
                .profiles("demo")
                .initializers(context -> ((GenericApplicationContext) context).registerBean("testClock", Clock.class, () -> clock,
                        definition -> definition.setPrimary(true)))
                .run("--hub.data-dir=" + data.toAbsolutePath(),
                        "--hub.connectors.location=" + jp.jusou.hub.HubTestSupport.TEST_CONNECTORS,
                        "--hub.broker.embedded-id=900",
                        "--hub.broker.url=vm://900",
                        "--hub.broker.acceptor=tcp://127.0.0.1:" + brokerPort + "?protocols=CORE,AMQP",
                        "--hub.coordination.overdue-check-interval=PT1H",
                        "--server.port=0",
                        "--hub.http.plain-port=-1",
                        "--hub.broker.amqps.enabled=false",
                        "--camel.main.run-controller=false",
                        "--logging.level.root=WARN");
    }
}
