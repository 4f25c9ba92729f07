package jp.jusou.hub.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the hub uses: for machine secrets kept in memory, connector definitions'
 * fingerprints, a subject's local id in the message group, the ledger's old chain and its Merkle seals.
 * Every Java runtime has SHA-256, so its absence is a broken runtime, not a case to handle.
 */
public final class Hashing {

    private static final HexFormat HEX = HexFormat.of();

    private Hashing() {
    }

    /** The SHA-256 digest of these bytes (32 bytes). */
    public static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The SHA-256 digest of this text as UTF-8. */
    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 digest of this text as UTF-8, as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text));
    }
}
