package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Ledger keys come from outside the database, are never placeholders, and rotate. */
class LedgerKeysTest {

    @TempDir
    Path dir;

    private String keyFile(String name, byte[] key) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        return "file:" + file;
    }

    private static byte[] random() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void refusesMissingShortAndPlaceholderKeysOutsideTheDemo() throws Exception {
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment())).hasMessageContaining("no ledger key");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", keyFile("short", new byte[16]))
                .withProperty("hub.ledger.active-key", "k1"))).hasMessageContaining("shorter than 32 bytes");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", keyFile("zeros", new byte[32]))
                .withProperty("hub.ledger.active-key", "k1"))).hasMessageContaining("placeholder");
        Path placeholder = dir.resolve("placeholder");
        Files.writeString(placeholder, "changeme-changeme-changeme-changeme-changeme");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", "file:" + placeholder)
                .withProperty("hub.ledger.active-key", "k1"))).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", "env:HUB_LEDGER_KEY_NOT_SET_ANYWHERE")
                .withProperty("hub.ledger.active-key", "k1"))).hasMessageContaining("not set");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", Base64.getEncoder().encodeToString(random()))
                .withProperty("hub.ledger.active-key", "k1"))).hasMessageContaining("env:NAME or file:PATH");
        assertThatThrownBy(() -> new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.k1", keyFile("k1", random()))
                .withProperty("hub.ledger.active-key", "k2"))).hasMessageContaining("not in hub.ledger.keys");
    }

    @Test
    void theDemoGeneratesItsKeyUnderTheDataDirectoryOnceAndKeepsIt() {
        MockEnvironment demo = new MockEnvironment().withProperty("hub.demo-secrets", "true").withProperty("hub.data-dir", dir.toString());
        demo.setActiveProfiles("demo");
        LedgerKeys first = new LedgerKeys(demo);
        assertThat(dir.resolve("keys/ledger-demo.key")).exists();
        LedgerKeys again = new LedgerKeys(demo);
        assertThat(again.mac("entry")).as("the same key after a restart").isEqualTo(first.mac("entry"));
    }

    @Test
    void aRotatedKeyStillVerifiesWhatItMade() throws Exception {
        String old = keyFile("2026-05", random());
        LedgerKeys before = new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.2026-05", old)
                .withProperty("hub.ledger.active-key", "2026-05"));
        String mac = before.mac("entry");
        LedgerKeys after = new LedgerKeys(new MockEnvironment().withProperty("hub.ledger.keys.2026-05", old)
                .withProperty("hub.ledger.keys.2026-11", keyFile("2026-11", random())).withProperty("hub.ledger.active-key", "2026-11"));
        assertThat(after.activeKeyId()).isEqualTo("2026-11");
        assertThat(after.matches("2026-05", "entry", mac)).isTrue();
        assertThat(after.matches("2026-11", "entry", mac)).isFalse();
        assertThat(after.matches("2026-05", "entry!", mac)).isFalse();
    }
}
