package jp.jusou.hub.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.intake.SchemaCatalog;
import jp.jusou.hub.message.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Overdue referrals with a clock the test controls: the receiver gets a reminder and the requester
 * an overdue notice, once; answered referrals never; the default response time applies without
 * respondBy; a second watcher on the same database (another hub instance, or the hub after a
 * restart: the deadline is stored, not held in memory) sends nothing again, even run concurrently.
 */
@TestPropertySource(properties = "hub.coordination.overdue-check-interval=PT1H")
class OverdueReferralsTest extends HubTestSupport {

    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(TestDates.now()); // today as the hub would see it

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Tokyo");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advanceDays(int days) {
            now.updateAndGet(i -> i.plus(Duration.ofDays(days)));
        }
    }

    @TestConfiguration
    static class ControlledClock {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    TestClock clock;

    @Autowired
    OverdueReferrals watcher;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JmsTemplate jms;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AgencyDirectory directory;

    @Autowired
    ObjectMapper json;

    @Autowired
    MeterRegistry metrics;

    @Test
    void overdueOnceAnsweredNeverDefaultDeadlineAndTwoWatchers() throws Exception {
        LocalDate today = LocalDate.now(clock);
        String late = refer("omuta-houkatsu-1", "omuta-takikan", today.plusDays(2));
        String answered = refer("omuta-houkatsu-1", "omuta-takikan", today.plusDays(2));
        String noDate = refer("omuta-houkatsu-2", "omuta-jiritsu", null);
        try (AgencyClient takikan = agency("omuta-takikan")) {
            ObjectNode accepted = Messages.referralStatus("omuta-takikan", answered);
            takikan.send(Messages.text(accepted));
            assertThat(takikan.receiveReport(accepted.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        assertThat(watcher.check()).as("nothing is due yet").isZero();

        clock.advanceDays(3);
        assertThat(watcher.check()).as("only the unanswered referral with a passed date").isEqualTo(1);
        assertThat(metrics.get("hub.referrals.overdue").gauge().value()).isEqualTo(1.0);
        try (AgencyClient takikan = agency("omuta-takikan"); AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            JsonNode reminder = takikan.receiveWhere(m -> "referral-overdue".equals(m.path("type").asText())
                    && late.equals(m.at("/payload/referralId").asText()), WAIT);
            assertThat(reminder.at("/payload/notice").asText()).isEqualTo("reminder");
            assertThat(new SchemaCatalog().validate(MessageType.REFERRAL_OVERDUE, reminder)).isEmpty();
            JsonNode notice = houkatsu.receiveWhere(m -> "referral-overdue".equals(m.path("type").asText())
                    && late.equals(m.at("/payload/referralId").asText()), WAIT);
            assertThat(notice.at("/payload/notice").asText()).isEqualTo("overdue");
            assertThat(takikan.receiveWhere(m -> answered.equals(m.at("/payload/referralId").asText())
                    && "referral-overdue".equals(m.path("type").asText()), Duration.ofMillis(300))).isNull();
        }
        assertThat(watcher.check()).as("fires once").isZero();

        // the default response time (7 days) applies without respondBy; two watchers race for it
        clock.advanceDays(5);
        OverdueReferrals otherInstance = new OverdueReferrals(jdbc, jms, transactions, directory, json, clock, new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int a = pool.submit((Callable<Integer>) watcher::check).get();
            int b = pool.submit((Callable<Integer>) otherInstance::check).get();
            assertThat(a + b).as("one of the two sends").isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            java.util.function.Predicate<JsonNode> reminder = m -> "referral-overdue".equals(m.path("type").asText())
                    && noDate.equals(m.at("/payload/referralId").asText());
            assertThat(jiritsu.receiveWhere(reminder, WAIT)).isNotNull();
            assertThat(jiritsu.receiveWhere(reminder, Duration.ofMillis(500))).as("and only once").isNull();
        }
        assertThat(otherInstance.check() + watcher.check()).isZero();
    }

    /**
     * referralIds are unique per requester only: two requesters' overdue referrals with the same id
     * are two referrals, and each gets its notices (a duplicate id without the requester let the
     * broker drop the second pair).
     */
    @Test
    void theSameReferralIdFromTwoRequestersIsNotifiedTwice() throws Exception {
        String referralId = "R-OVERDUE-" + System.nanoTime();
        List<String> requesters = List.of("omuta-houkatsu-1", "omuta-houkatsu-2");
        for (String requester : requesters) {
            ObjectNode referral = Messages.referral(requester, "omuta-shogai");
            Messages.payload(referral).put("referralId", referralId).put("respondBy", LocalDate.now(clock).plusDays(1).toString());
            try (AgencyClient sender = agency(requester)) {
                sender.send(Messages.text(referral));
                assertThat(sender.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText())
                        .isEqualTo("delivered");
            }
        }
        clock.advanceDays(2);
        assertThat(watcher.check()).as("both referrals").isEqualTo(2);

        java.util.function.Predicate<JsonNode> overdue = m -> "referral-overdue".equals(m.path("type").asText())
                && referralId.equals(m.at("/payload/referralId").asText());
        try (AgencyClient shogai = agency("omuta-shogai")) {
            java.util.Set<String> remindedAbout = new java.util.HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode reminder = shogai.receiveWhere(overdue, WAIT);
                assertThat(reminder).as("reminder " + (i + 1)).isNotNull();
                remindedAbout.add(reminder.at("/payload/requester").asText());
            }
            assertThat(remindedAbout).containsExactlyInAnyOrderElementsOf(requesters);
        }
        for (String requester : requesters) {
            try (AgencyClient client = agency(requester)) {
                assertThat(client.receiveWhere(overdue, WAIT)).as("the notice to " + requester).isNotNull();
                // answered, so that the other test's overdue count is its own
                ObjectNode cancelled = Messages.referralStatus(requester, referralId);
                Messages.payload(cancelled).put("status", "cancelled").put("reason", "試験終了");
                client.send(Messages.text(cancelled));
                assertThat(client.receiveReport(cancelled.get("messageId").asText(), WAIT).at("/payload/outcome").asText())
                        .isEqualTo("delivered");
            }
        }
    }

    private String refer(String from, String to, LocalDate respondBy) {
        ObjectNode referral = Messages.referral(from, to);
        if (respondBy == null) {
            Messages.payload(referral).remove("respondBy");
        } else {
            Messages.payload(referral).put("respondBy", respondBy.toString());
        }
        try (AgencyClient sender = agency(from)) {
            sender.send(Messages.text(referral));
            assertThat(sender.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        return Messages.payload(referral).get("referralId").asText();
    }
}
