package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two hub instances on one PostgreSQL, sharing the ledger keys (this one makes entries with key k1,
 * the other with k2: a rotation in progress). The other instance is stalled inside a transaction that
 * holds its ledger insert; this one keeps delivering, recording and sealing all the same, because no
 * append waits on a shared row. Afterwards both instances verify the whole ledger, both keys' entries.
 */
class LedgerTwoInstancesTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static SharedDatabase database;
    private static String k1;
    private static String k2;

    @DynamicPropertySource
    static void postgresAndKeys(DynamicPropertyRegistry registry) throws Exception {
        database = jp.jusou.hub.AfterTheHub.closeAfter(LedgerTwoInstancesTest.class, SharedDatabase.start()); // outlives the hub
        database.register(registry);
        Path keys = Files.createDirectories(Path.of("target/test-data/ledger-keys-" + UUID.randomUUID()));
        k1 = keyFile(keys.resolve("k1.key"));
        k2 = keyFile(keys.resolve("k2.key"));
        registry.add("hub.ledger.keys.k1", () -> k1);
        registry.add("hub.ledger.keys.k2", () -> k2);
        registry.add("hub.ledger.active-key", () -> "k1");
        registry.add("hub.ledger.seal-interval", () -> "PT1H"); // the test seals when it wants to
    }

    private static String keyFile(Path file) throws IOException {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        return "file:" + file.toAbsolutePath();
    }

    @Autowired
    DisclosureLedger ledger;

    @Autowired
    LedgerSealer sealer;

    @Autowired
    jp.jusou.hub.protection.RetentionPurge purge;

    /** The retention purge of two hub instances on one database: started together, one purges, the other skips. */
    @Test
    void theRetentionPurgeRunsOnOneInstanceAtATime() throws Exception {
        try (ConfigurableApplicationContext other = startOther()) {
            var otherPurge = other.getBean(jp.jusou.hub.protection.RetentionPurge.class);
            CountDownLatch start = new CountDownLatch(1);
            java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var mine = both.submit(() -> {
                    start.await();
                    return java.util.Optional.ofNullable(purge.purgeDatabaseOnce());
                });
                var theirs = both.submit(() -> {
                    start.await();
                    return java.util.Optional.ofNullable(otherPurge.purgeDatabaseOnce());
                });
                start.countDown();
                List<java.util.Optional<java.util.Map<String, Integer>>> runs = List.of(mine.get(60, TimeUnit.SECONDS), theirs.get(60, TimeUnit.SECONDS));
                assertThat(runs).as("exactly one instance purged; the other found the lock held").filteredOn(java.util.Optional::isPresent).hasSize(1);
            } finally {
                both.shutdownNow();
            }
        }
    }

    @Test
    void aStalledInstanceDoesNotHoldUpAnotherInstancesDeliveries() throws Exception {
        try (ConfigurableApplicationContext other = startOther()) {
            DisclosureLedger otherLedger = other.getBean(DisclosureLedger.class);
            TransactionTemplate otherTransaction = other.getBean(TransactionTemplate.class);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread stalled = new Thread(() -> otherTransaction.executeWithoutResult(status -> {
                otherLedger.record(List.of(new DisclosureLedger.Disclosure("M-STALLED", "omuta-houkatsu-1", "referral", "S-STALLED",
                        null, "omuta-takikan", "identity", "", "consent", "CN-STALLED", false)));
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }), "stalled-instance");
            stalled.start();
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the other instance holds its ledger insert").isTrue();

            List<String> ids = new ArrayList<>();
            try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
                for (int i = 0; i < 3; i++) {
                    var referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
                    ids.add(referral.get("messageId").asText());
                    houkatsu.send(Messages.text(referral));
                }
                for (String id : ids) {
                    var report = houkatsu.receiveReport(id, WAIT);
                    assertThat(report).as("delivered while the other instance is stalled").isNotNull();
                    assertThat(report.at("/payload/outcome").asText()).isEqualTo("delivered");
                }
            }
            for (String id : ids) {
                assertThat(ledger.forMessage("omuta-houkatsu-1", id)).extracting(DisclosureLedger.Entry::kind).containsExactly("disclosed");
            }
            assertThat(sealAll()).as("sealing does not wait for the stalled transaction either").isPositive();
            assertThat(ledger.forMessage("omuta-houkatsu-1", "M-STALLED")).as("not committed yet").isEmpty();

            release.countDown();
            stalled.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(sealAll()).as("the late entry is sealed next time").isEqualTo(1);
            assertThat(ledger.forMessage("omuta-houkatsu-1", "M-STALLED")).extracting(DisclosureLedger.Entry::keyId).containsExactly("k2");
            assertThat(ledger.forMessage("omuta-houkatsu-1", ids.get(0))).extracting(DisclosureLedger.Entry::keyId).containsExactly("k1");

            DisclosureLedger.Verification here = ledger.verify();
            assertThat(here.intact()).as(String.valueOf(here.problem())).isTrue();
            assertThat(otherLedger.verify().intact()).isTrue();
        }
    }

    /** Seals until nothing is left; another instance's seal made at the same moment just means "again". */
    private int sealAll() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            try {
                int sealed = sealer.seal();
                if (sealed == 0) {
                    return total;
                }
                total += sealed;
            } catch (DuplicateKeyException another) {
                // the other instance sealed at the same time: look again
            }
        }
        return total;
    }

    private static ConfigurableApplicationContext startOther() {
        return database.startOther("--hub.ledger.keys.k1=" + k1, "--hub.ledger.keys.k2=" + k2, "--hub.ledger.active-key=k2",
                "--hub.ledger.seal-interval=PT1H");
    }
}
