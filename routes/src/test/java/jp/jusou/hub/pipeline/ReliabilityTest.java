package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import java.util.concurrent.CountDownLatch;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.Messages;
import jp.jusou.hub.message.HubMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nothing is lost and nothing is half-delivered. Faults are injected into the real pipeline (Camel's
 * AdviceWith weaves a step that throws) while real Artemis transactions and redelivery do the rest.
 */
class ReliabilityTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    enum Fault { ONCE, AFTER_FIRST_COPY_ONCE, AFTER_RECORD_ONCE, AFTER_RECORD_ALWAYS, ALWAYS, HELD_ROLLED_BACK_THEN_REJECTED,
        INSIDE_RECORD_ONCE }

    static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> COPIES_SENT = new ConcurrentHashMap<>();
    static final Map<String, String> SUBJECTS = new ConcurrentHashMap<>();
    /** Referral rows another connection saw while the outcome's transaction was open (INSIDE_RECORD_ONCE). */
    static final Map<String, Integer> SEEN_OUTSIDE = new ConcurrentHashMap<>();
    private static volatile JdbcTemplate outside;
    static final CountDownLatch HELD = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static volatile CamelContext advised;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    jp.jusou.hub.policy.DisclosureLedger ledger;

    @BeforeEach
    void injectFaults() throws Exception {
        if (advised == camel) {
            return;
        }
        AdviceWith.adviceWith(camel, "hub-pipeline", route -> {
            route.weaveById("parse").after().process(ReliabilityTest::afterParse);
            route.weaveById("record-outcome").after().process(ReliabilityTest::afterRecord);
            route.weaveById("deliver-copy").after().process(ReliabilityTest::afterCopy);
        });
        AdviceWith.adviceWith(camel, "hub-record-outcome", route ->
                route.weaveById("record-referral").after().process(ReliabilityTest::insideRecord));
        outside = jdbc;
        advised = camel;
    }

    static String id(Exchange exchange) {
        return exchange.getProperty(HubMessage.PROPERTY, HubMessage.class).messageId();
    }

    static void afterParse(Exchange exchange) {
        String id = id(exchange);
        if (id == null) {
            return;
        }
        ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        COPIES_SENT.put(id, new AtomicInteger());
        if (FAULTS.get(id) == Fault.ALWAYS) {
            throw new IllegalStateException("injected: processing always fails");
        }
        if (FAULTS.get(id) == Fault.ONCE && ATTEMPTS.get(id).get() == 1) {
            throw new IllegalStateException("injected: the first attempt fails");
        }
        if (FAULTS.get(id) == Fault.HELD_ROLLED_BACK_THEN_REJECTED && ATTEMPTS.get(id).get() == 2) {
            // the redelivery meets a different world: the consent was revoked in between
            throw new RejectedException(Reason.of(ReasonCode.CONSENT_REVOKED, "$.legalBasis.consentId"));
        }
    }

    static void afterRecord(Exchange exchange) {
        String id = id(exchange);
        if (FAULTS.get(id) == Fault.AFTER_RECORD_ONCE && ATTEMPTS.get(id).get() == 1) {
            throw new IllegalStateException("injected: crash after the database commit, before the broker commit");
        }
        if (FAULTS.get(id) == Fault.AFTER_RECORD_ALWAYS) {
            throw new IllegalStateException("injected: the broker commit never happens");
        }
    }

    /** In the outcome's database transaction, after the referral is written and before the consent step. */
    static void insideRecord(Exchange exchange) throws Exception {
        String id = id(exchange);
        if (FAULTS.get(id) == Fault.INSIDE_RECORD_ONCE && ATTEMPTS.get(id).get() == 1) {
            String referralId = exchange.getProperty(HubMessage.PROPERTY, HubMessage.class).payload().path("referralId").asText();
            // another thread, so another connection: it sees only what is committed
            SEEN_OUTSIDE.put(id, java.util.concurrent.CompletableFuture.supplyAsync(() -> outside.queryForObject(
                    "SELECT COUNT(*) FROM referral WHERE referral_id = ?", Integer.class, referralId)).get());
            throw new IllegalStateException("injected: a failure inside the outcome's database transaction");
        }
    }

    static void afterCopy(Exchange exchange) {
        String id = id(exchange);
        int copies = COPIES_SENT.get(id).incrementAndGet();
        if (FAULTS.get(id) == Fault.AFTER_FIRST_COPY_ONCE && ATTEMPTS.get(id).get() == 1 && copies == 1) {
            throw new IllegalStateException("injected: failure after the first of two recipient sends");
        }
        if (FAULTS.get(id) == Fault.HELD_ROLLED_BACK_THEN_REJECTED && ATTEMPTS.get(id).get() == 1) {
            SUBJECTS.put(id, exchange.getProperty(HubMessage.PROPERTY, HubMessage.class).hubSubjectId());
            HELD.countDown();
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("injected: the broker transaction rolls back after every copy was sent");
        }
    }

    @Test
    void aMessageThatFailsOnceIsNotOvertakenByTheRestOfItsCase() {
        try (AgencyClient takikan = agency("omuta-takikan"); AgencyClient jiritsu = agency("omuta-jiritsu")) {
            List<String> ids = new java.util.ArrayList<>();
            for (int version = 1; version <= 5; version++) {
                ObjectNode update = Messages.caseUpdate("C-ROLLBACK-ORDER", version, "omuta-jiritsu");
                ids.add(update.get("messageId").asText());
                if (version == 2) {
                    FAULTS.put(update.get("messageId").asText(), Fault.ONCE);
                }
                takikan.send(Messages.text(update), "case:C-ROLLBACK-ORDER");
            }
            List<Integer> versions = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode update = jiritsu.receiveWhere(m -> ids.contains(m.path("messageId").asText()), WAIT);
                assertThat(update).as("update %d of 5", i + 1).isNotNull();
                versions.add(update.at("/payload/planVersion").asInt());
            }
            assertThat(ATTEMPTS.get(ids.get(1)).get()).as("version 2 failed once, then went through").isEqualTo(2);
            assertThat(versions).as("the case's order, the rolled-back version 2 included").containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void failureAfterTheFirstOfTwoCopiesLeavesNoPartialDeliveryAndRedeliversWhole() {
        ObjectNode update = Messages.caseUpdate("C-ATOM-1", 1, "omuta-jiritsu", "omuta-shogai");
        String id = update.get("messageId").asText();
        FAULTS.put(id, Fault.AFTER_FIRST_COPY_ONCE);
        try (AgencyClient takikan = agency("omuta-takikan");
             AgencyClient jiritsu = agency("omuta-jiritsu");
             AgencyClient shogai = agency("omuta-shogai")) {
            takikan.send(Messages.text(update), "case:C-ATOM-1");

            JsonNode report = takikan.receiveReport(id, WAIT);
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(ATTEMPTS.get(id).get()).as("failed once, then redelivered").isEqualTo(2);
            assertThat(jiritsu.receiveMessage(id, WAIT)).isEqualTo(update);
            assertThat(shogai.receiveMessage(id, WAIT)).isEqualTo(update);
            // the copy sent before the failure was rolled back with it: each recipient has exactly one
            assertThat(jiritsu.receiveMessage(id, Duration.ofSeconds(1))).isNull();
            assertThat(shogai.receiveMessage(id, Duration.ofMillis(300))).isNull();
            assertThat(takikan.receiveReport(id, Duration.ofMillis(300))).as("one report").isNull();
        }
        assertThat(outcomes(id)).containsExactly("delivered");
        assertThat(ledger.forMessage("omuta-takikan", id)).extracting(e -> e.recipient() + "/" + e.kind())
                .as("one ledger entry per delivered copy").containsExactlyInAnyOrder("omuta-jiritsu/disclosed", "omuta-shogai/disclosed");
    }

    @Test
    void crashBetweenDatabaseAndBrokerCommitsDeliversOnceNotAsDuplicate() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        FAULTS.put(id, Fault.AFTER_RECORD_ONCE);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            JsonNode report = houkatsu.receiveReport(id, WAIT);
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(ATTEMPTS.get(id).get()).isEqualTo(2);
            assertThat(takikan.receiveMessage(id, WAIT)).isEqualTo(referral);
            assertThat(takikan.receiveMessage(id, Duration.ofSeconds(1))).isNull();
        }
        assertThat(outcomes(id)).containsExactly("delivered");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivered_message WHERE message_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(ledger.forMessage("omuta-houkatsu-1", id)).extracting(e -> e.recipient() + "/" + e.kind())
                .as("the redelivery does not record the disclosure twice").containsExactly("omuta-takikan/disclosed");
    }

    @Test
    void aFailureInsideTheOutcomeTransactionLeavesNoneOfItsWrites() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        String referralId = Messages.payload(referral).get("referralId").asText();
        FAULTS.put(id, Fault.INSIDE_RECORD_ONCE);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            JsonNode report = houkatsu.receiveReport(id, WAIT);
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
            assertThat(ATTEMPTS.get(id).get()).as("rolled back once, then delivered").isEqualTo(2);
            assertThat(takikan.receiveMessage(id, WAIT)).isEqualTo(referral);
            assertThat(takikan.receiveMessage(id, Duration.ofSeconds(1))).isNull();
        }
        assertThat(SEEN_OUTSIDE.get(id)).as("the referral written before the failure was never committed on its own").isZero();
        assertThat(outcomes(id)).containsExactly("delivered");
        assertThat(jdbc.queryForList("SELECT status FROM referral_event WHERE referral_id = ?", String.class, referralId))
                .containsExactly("requested");
        assertThat(ledger.forMessage("omuta-houkatsu-1", id)).extracting(e -> e.recipient() + "/" + e.kind())
                .containsExactly("omuta-takikan/disclosed");
    }

    @Test
    void crashAfterRecordingAStatusMoveStillDeliversTheStatusOnce() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String referralId = Messages.payload(referral).get("referralId").asText();
        ObjectNode accepted = Messages.referralStatus("omuta-takikan", referralId);
        String id = accepted.get("messageId").asText();
        FAULTS.put(id, Fault.AFTER_RECORD_ONCE);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            assertThat(houkatsu.receiveReport(referral.get("messageId").asText(), WAIT).at("/payload/outcome").asText()).isEqualTo("delivered");
            takikan.send(Messages.text(accepted));
            JsonNode report = takikan.receiveReport(id, WAIT);
            assertThat(report.at("/payload/outcome").asText()).as("not ILLEGAL_TRANSITION on the redelivery").isEqualTo("delivered");
            assertThat(ATTEMPTS.get(id).get()).isEqualTo(2);
            assertThat(houkatsu.receiveMessage(id, WAIT)).isEqualTo(accepted);
            assertThat(houkatsu.receiveMessage(id, Duration.ofMillis(500))).isNull();
        }
        assertThat(jdbc.queryForList("SELECT status FROM referral_event WHERE referral_id = ? ORDER BY seq", String.class, referralId))
                .containsExactly("requested", "accepted");
    }

    @Test
    void recordedButNeverCommittedDeliveryIsVoidedInTheLedger() {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        FAULTS.put(id, Fault.AFTER_RECORD_ALWAYS);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            JsonNode report = houkatsu.receiveReport(id, WAIT);
            assertThat(report.at("/payload/reasons/0/code").asText()).isEqualTo("PROCESSING_FAILED");
            assertThat(takikan.receiveMessage(id, Duration.ofMillis(500))).isNull();
        }
        assertThat(outcomes(id)).containsExactly("rejected");
        assertThat(ledger.forMessage("omuta-houkatsu-1", id)).as("never committed, so never recorded as a disclosure").isEmpty();
        assertThat(ledger.verify().intact()).isTrue();
    }

    /**
     * The database records the delivery, the copies are sent, and then the broker transaction rolls
     * back; the redelivery is rejected (the consent was revoked meanwhile). While the transaction is
     * open, and after it rolled back, neither the outcome nor the disclosure answer speaks of a
     * delivery: nothing reached the recipient.
     */
    @Test
    void aDeliveryRolledBackAfterItWasRecordedIsNeverADisclosure() throws Exception {
        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        String id = referral.get("messageId").asText();
        FAULTS.put(id, Fault.HELD_ROLLED_BACK_THEN_REJECTED);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(referral));
            assertThat(HELD.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // recorded in the database, copies sent, broker transaction still open
            assertThat(outcomes(id)).containsExactly("delivering");
            assertThat(ledger.forMessage("omuta-houkatsu-1", id)).isEmpty();
            RELEASE.countDown();

            JsonNode report = houkatsu.receiveReport(id, WAIT);
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("rejected");
            assertThat(report.at("/payload/reasons/0/code").asText()).isEqualTo("CONSENT_REVOKED");
            assertThat(takikan.receiveMessage(id, Duration.ofMillis(500))).as("the rolled-back copy never arrived").isNull();
        }
        assertThat(outcomes(id)).containsExactly("rejected");
        HttpAgency auditor = new HttpAgency("http://127.0.0.1:" + httpPort, "auditor", "demo-auditor");
        JsonNode answer = Messages.JSON.readTree(auditor.get("/api/v1/disclosures?subject=" + SUBJECTS.get(id)).body());
        assertThat(answer).as("the disclosure answer about the person").noneMatch(e -> e.path("messageId").asText().equals(id));
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void poisonMessageIsDeadLetteredWithAnOutcomeAndDoesNotBlockOthers() {
        ObjectNode poison = Messages.referral("omuta-houkatsu-2", "omuta-takikan");
        poison.put("caseId", "C-POISON");
        String poisonId = poison.get("messageId").asText();
        FAULTS.put(poisonId, Fault.ALWAYS);
        ObjectNode next = Messages.referral("omuta-houkatsu-2", "omuta-takikan");
        String nextId = next.get("messageId").asText();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2"); AgencyClient takikan = agency("omuta-takikan")) {
            houkatsu.send(Messages.text(poison), "case:C-POISON");
            houkatsu.send(Messages.text(next), "case:C-OTHER");

            List<JsonNode> reports = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                reports.add(houkatsu.receiveWhere(r -> "delivery-report".equals(r.path("type").asText()), WAIT));
            }
            assertThat(reports).doesNotContainNull();
            assertThat(reports.get(0).at("/payload/inReplyTo").asText()).as("the next message is not held up").isEqualTo(nextId);
            assertThat(reports.get(0).at("/payload/outcome").asText()).isEqualTo("delivered");
            JsonNode dead = reports.get(1);
            assertThat(dead.at("/payload/inReplyTo").asText()).isEqualTo(poisonId);
            assertThat(dead.at("/payload/outcome").asText()).isEqualTo("rejected");
            assertThat(dead.at("/payload/reasons/0/code").asText()).isEqualTo("PROCESSING_FAILED");
            assertThat(takikan.receiveMessage(poisonId, Duration.ofMillis(500))).isNull();
        }
        assertThat(ATTEMPTS.get(poisonId).get()).as("redelivered up to max-delivery-attempts").isEqualTo(4);
        Map<String, Object> row = jdbc.queryForMap("SELECT kind, reason_codes, status FROM quarantine WHERE message_id = ?", poisonId);
        assertThat(row).containsEntry("kind", "dead-letter").containsEntry("reason_codes", "PROCESSING_FAILED")
                .containsEntry("status", "quarantined");
        assertThat(outcomes(poisonId)).containsExactly("rejected");
    }

    private List<String> outcomes(String messageId) {
        return jdbc.queryForList("SELECT outcome FROM message_outcome WHERE message_id = ?", String.class, messageId);
    }
}
