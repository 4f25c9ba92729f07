package jp.jusou.hub.platform;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Encrypts what the hub stores about people (message bodies, case snapshots, consent evidence) with
 * the data key of the person it is about ({@link DataKeys}), or the general key. A sealed value is
 * text, {@code sealed:v1:<key id>:<Base64 of the Tink ciphertext>}, so it fits the text columns the
 * plain values had. The associated data binds it to its table, column and row: a sealed value copied
 * to another row, or another column, does not open. A value without the prefix was written before
 * encryption at rest and is returned as it is, until {@code protection.PlaintextUpgrade} seals it.
 */
@Component
public class Sealing {

    public static final String PREFIX = "sealed:v1:";

    /** A sealed value whose data key was destroyed (the subject was erased), or that was tampered with. */
    public static class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    private final DataKeys keys;

    public Sealing(DataKeys keys) {
        this.keys = keys;
    }

    /**
     * Seals a value.
     *
     * @param hubSubjectId whom it is about, or null (the general key)
     * @param place        table and column, e.g. {@code quarantine.body_masked}
     * @param rowKey       the row's key, e.g. its quarantine id
     */
    public String seal(String hubSubjectId, String place, String rowKey, String plain) {
        if (plain == null) {
            return null;
        }
        String keyId = DataKeys.keyIdFor(hubSubjectId);
        try {
            byte[] sealed = keys.forSealing(keyId).encrypt(plain.getBytes(StandardCharsets.UTF_8), associatedData(keyId, place, rowKey));
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a value of " + place, e);
        }
    }

    /** Opens a stored value of this place and row (a value stored before sealing comes back as it is). */
    public String open(String place, String rowKey, String stored) {
        if (stored == null || !isSealed(stored)) {
            return stored;
        }
        int colon = stored.lastIndexOf(':');
        String keyId = stored.substring(PREFIX.length(), colon);
        Aead key = keys.forOpening(keyId).orElseThrow(() -> new Unreadable("the data key of this " + place + " value was destroyed"));
        try {
            byte[] plain = key.decrypt(Base64.getDecoder().decode(stored.substring(colon + 1)), associatedData(keyId, place, rowKey));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unreadable("a sealed " + place + " value does not open for its row");
        }
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    private static byte[] associatedData(String keyId, String place, String rowKey) {
        // NUL cannot occur in a key id, a place or an id the hub accepts, so the parts cannot run into each other
        return ("jusou-hub/v1\0" + keyId + "\0" + place + "\0" + rowKey).getBytes(StandardCharsets.UTF_8);
    }
}
