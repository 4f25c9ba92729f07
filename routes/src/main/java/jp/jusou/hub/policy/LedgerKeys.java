package jp.jusou.hub.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The keys that authenticate the disclosure ledger (HMAC-SHA256). They live outside the database, so
 * whoever can write the ledger's tables cannot forge or recompute an entry.
 *
 * <pre>
 * hub.ledger.active-key: 2026-11          # the key new entries and seals are made with
 * hub.ledger.keys:
 *   2026-11: env:HUB_LEDGER_KEY_2026_11   # base64 of at least 32 random bytes, from the environment
 *   2026-05: file:/etc/jusou-hub/ledger-2026-05.key   # or from a file; old keys stay for verification
 * </pre>
 *
 * Rotation: add the new key, make it active, keep the old one listed (entries made with it keep
 * verifying). The hub refuses to start with a key that is missing, shorter than 32 bytes, or a
 * placeholder. In the demo profile without any key, one is generated under the data directory
 * ({@code keys/ledger-demo.key}) on first start and reused afterwards.
 */
@Component
class LedgerKeys {

    static final String DEMO_KEY_ID = "demo";
    private static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private final String activeKeyId;

    public LedgerKeys(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> sources = binder.bind("hub.ledger.keys", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        String active = environment.getProperty("hub.ledger.active-key", "");
        boolean demo = environment.acceptsProfiles(Profiles.of("demo"))
                && environment.getProperty("hub.demo-secrets", Boolean.class, false);
        if (sources.isEmpty()) {
            if (!demo) {
                throw new IllegalStateException("Refusing to start: no ledger key (hub.ledger.keys and hub.ledger.active-key)");
            }
            Path file = Path.of(environment.getProperty("hub.data-dir", "./data"), "keys", "ledger-demo.key");
            keys.put(DEMO_KEY_ID, demoKey(file));
            active = DEMO_KEY_ID;
        } else {
            sources.forEach((id, source) -> keys.put(id, load(environment, id, source)));
        }
        if (!keys.containsKey(active)) {
            throw new IllegalStateException("Refusing to start: hub.ledger.active-key '" + active + "' is not in hub.ledger.keys");
        }
        this.activeKeyId = active;
    }

    /** The key id new entries and seals are authenticated with. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** HMAC-SHA256 of the text with the active key, as hex. */
    public String mac(String text) {
        return mac(activeKeyId, text).orElseThrow();
    }

    /** HMAC-SHA256 of the text with the named key, or empty if the hub does not hold that key. */
    public Optional<String> mac(String keyId, String text) {
        byte[] key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return Optional.of(HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a stored MAC is the one the named key gives for the text (compared in constant time). */
    public boolean matches(String keyId, String text, String storedMac) {
        return storedMac != null && mac(keyId, text)
                .map(m -> MessageDigest.isEqual(m.getBytes(StandardCharsets.US_ASCII), storedMac.getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    public boolean holds(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** {@code env:NAME} reads the variable through the Spring environment (the process environment, or a test's property). */
    private static byte[] load(Environment environment, String id, String source) {
        String text;
        if (source == null || source.isBlank()) {
            throw refused(id, "has no source (env:NAME or file:PATH)");
        } else if (source.startsWith("env:")) {
            text = environment.getProperty(source.substring(4));
            if (text == null || text.isBlank()) {
                throw refused(id, "names the environment variable " + source.substring(4) + ", which is not set");
            }
        } else if (source.startsWith("file:")) {
            try {
                text = Files.readString(Path.of(source.substring(5)), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw refused(id, "cannot be read from " + source.substring(5));
            }
        } else {
            throw refused(id, "must come from env:NAME or file:PATH, not from the configuration itself");
        }
        return decode(id, text.trim());
    }

    static byte[] decode(String id, String base64) {
        String lower = base64.toLowerCase(Locale.ROOT);
        if (lower.startsWith("demo") || lower.startsWith("change") || lower.startsWith("placeholder") || lower.startsWith("secret")) {
            throw refused(id, "is a placeholder");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw refused(id, "is not base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw refused(id, "is shorter than " + MIN_KEY_BYTES + " bytes");
        }
        if (key.length == 0 || allSame(key)) {
            throw refused(id, "is a placeholder (one byte repeated)");
        }
        return key;
    }

    private static boolean allSame(byte[] key) {
        for (byte b : key) {
            if (b != key[0]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] demoKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[MIN_KEY_BYTES];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a file system without POSIX permissions: the data directory's own protection applies
                }
            }
            return decode(DEMO_KEY_ID, Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IllegalStateException refused(String id, String why) {
        return new IllegalStateException("Refusing to start: ledger key '" + id + "' " + why);
    }
}
