package jp.jusou.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.Waits;
import jp.jusou.hub.connectors.ConnectorRuntime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alerts are raised once when a rule's condition starts to hold and cleared once when it stops, sent
 * to a real webhook (a JDK HttpServer) and by e-mail (GreenMail), never repeated while the condition
 * holds, and raised once even when several evaluators (as several hub instances would) race.
 */
class AlertsTest extends HubTestSupport {

    private static final List<JsonNode> WEBHOOK = new CopyOnWriteArrayList<>();
    private static final HttpServer SERVER = webhook();
    private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        MAIL.start();
    }

    @Autowired
    JmsTemplate jms;

    @Autowired
    Alerts alerts;

    @Autowired
    ConnectorRuntime connectors;

    @Autowired
    AuditTrail audit;

    @DynamicPropertySource
    static void alertSettings(DynamicPropertyRegistry registry) {
        registry.add("hub.alerts.webhook-url", () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/hook");
        registry.add("hub.alerts.email-to", () -> "ops@example.test");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("hub.alerts.evaluation-interval", () -> "PT0.3S");
        registry.add("hub.alerts.rules[0].id", () -> "test-depth");
        registry.add("hub.alerts.rules[0].kind", () -> "queue-depth");
        registry.add("hub.alerts.rules[0].threshold", () -> 2);
        registry.add("hub.alerts.rules[1].id", () -> "test-down");
        registry.add("hub.alerts.rules[1].kind", () -> "connector-down");
        registry.add("hub.alerts.rules[2].id", () -> "test-age");
        registry.add("hub.alerts.rules[2].kind", () -> "oldest-message-age");
        registry.add("hub.alerts.rules[2].threshold", () -> 1.5);
        registry.add("hub.alerts.rules[3].id", () -> "test-rejections");
        registry.add("hub.alerts.rules[3].kind", () -> "rejection-rate");
        registry.add("hub.alerts.rules[3].threshold", () -> 0.5);
        registry.add("hub.alerts.rules[3].min-messages", () -> 3);
    }

    @AfterAll
    static void stopServers() {
        SERVER.stop(0);
        MAIL.stop();
    }

    @Test
    void aQueueBuildingUpRaisesOnceWhileItHoldsAndClearsOnce() throws Exception {
        String queue = "hub.outbound.omuta-kodomo";
        for (int i = 0; i < 4; i++) {
            jms.convertAndSend(queue, "{\"n\": " + i + "}");
        }
        await(() -> notices("test-depth", queue, "raised") == 1, "the raise");
        JsonNode raised = WEBHOOK.stream().filter(n -> queue.equals(n.path("target").asText())).findFirst().orElseThrow();
        assertThat(raised.path("value").asDouble()).isGreaterThan(2);
        assertThat(raised.path("threshold").asDouble()).isEqualTo(2);
        assertThat(raised.at("/text/ja").asText()).contains("警報発生");

        await(() -> notices("test-age", queue, "raised") == 1, "the oldest-message-age raise");
        // ~10 evaluations and 3 depth readings with the condition holding: no repeat
        Waits.holds("one raise while it holds", Duration.ofSeconds(3), () -> notices("test-depth", queue, "raised") == 1);
        assertThat(alerts.list(100)).anySatisfy(a -> {
            assertThat(a.ruleId()).isEqualTo("test-depth");
            assertThat(a.target()).isEqualTo(queue);
            assertThat(a.raised()).isTrue();
            assertThat(a.episode()).isEqualTo(1);
        });

        try (AgencyClient kodomo = agency("omuta-kodomo")) {
            assertThat(kodomo.drain(Duration.ofMillis(500))).hasSizeGreaterThanOrEqualTo(4);
        }
        await(() -> notices("test-depth", queue, "cleared") == 1, "the clear");
        Waits.holds("one raise and one clear", Duration.ofMillis(1500), () -> notices("test-depth", queue, "cleared") == 1
                && notices("test-depth", queue, "raised") == 1);
        await(() -> notices("test-age", queue, "cleared") == 1, "the oldest-message-age clear");
        assertThat(notices("test-age", queue, "raised")).isEqualTo(1);

        // the same two by e-mail
        await(() -> mails(queue).size() >= 2, "two e-mails");
        Waits.holds("no third e-mail for the rule", Duration.ofMillis(500),
                () -> mails(queue).stream().filter(m -> m.contains("test-depth")).count() == 2);
        List<String> subjects = mails(queue);
        assertThat(subjects.stream().filter(m -> m.contains("test-depth"))).hasSize(2);
        assertThat(subjects).anyMatch(s -> s.contains("ALERT RAISED")).anyMatch(s -> s.contains("ALERT CLEARED"));
        assertThat(audit.recent("alert-raised", 50)).anyMatch(e -> ("test-depth/" + queue).equals(e.target()));
        assertThat(audit.recent("alert-cleared", 50)).anyMatch(e -> ("test-depth/" + queue).equals(e.target()));
    }

    @Test
    void racingEvaluatorsRaiseAConnectorDownOnce() throws Exception {
        connectors.pause("omuta-shogai", "operator");
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                instances.submit(() -> {
                    go.await();
                    for (int k = 0; k < 5; k++) {
                        alerts.evaluate();
                    }
                    return null;
                });
            }
            go.countDown();
            instances.shutdown();
            assertThat(instances.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            instances.shutdownNow();
        }
        await(() -> notices("test-down", "omuta-shogai", "raised") == 1, "the raise");
        Waits.holds("one raise", Duration.ofSeconds(1), () -> notices("test-down", "omuta-shogai", "raised") == 1);

        connectors.resume("omuta-shogai", "operator");
        await(() -> notices("test-down", "omuta-shogai", "cleared") == 1, "the clear");
        Waits.holds("one raise and one clear", Duration.ofSeconds(1), () -> notices("test-down", "omuta-shogai", "cleared") == 1
                && notices("test-down", "omuta-shogai", "raised") == 1);
    }

    @Test
    void anAgencyWhoseMessagesAreMostlyRejectedRaisesOnce() throws Exception {
        try (AgencyClient takikan = agency("omuta-takikan")) {
            for (int i = 0; i < 4; i++) {
                takikan.send("rejected " + i);
            }
            for (int i = 0; i < 4; i++) {
                assertThat(takikan.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()),
                        Duration.ofSeconds(10))).isNotNull();
            }
        }
        await(() -> notices("test-rejections", "omuta-takikan", "raised") == 1, "the rejection-rate raise");
        JsonNode notice = WEBHOOK.stream().filter(n -> "test-rejections".equals(n.path("rule").asText())
                && "omuta-takikan".equals(n.path("target").asText())).findFirst().orElseThrow();
        assertThat(notice.path("value").asDouble()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        Waits.holds("one raise", Duration.ofMillis(1500), () -> notices("test-rejections", "omuta-takikan", "raised") == 1);
        // agencies below the minimum number of messages are not judged
        assertThat(notices("test-rejections", "omuta-kodomo", "raised")).isZero();
    }

    private static long notices(String rule, String target, String state) {
        return WEBHOOK.stream().filter(n -> rule.equals(n.path("rule").asText()) && target.equals(n.path("target").asText())
                && state.equals(n.path("state").asText())).count();
    }

    private static List<String> mails(String target) {
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            try {
                if (message.getSubject().contains(target)) {
                    subjects.add(message.getSubject());
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return subjects;
    }

    /** Waits up to 15 s for the condition. */
    private static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private static HttpServer webhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                try (var in = exchange.getRequestBody()) {
                    WEBHOOK.add(Messages.JSON.readTree(in));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
