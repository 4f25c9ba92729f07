package jp.jusou.hub.platform;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Data keys (DEKs), one per owner: {@code subject:<hubSubjectId>} for what is about a person, and
 * {@link #GENERAL} for what is not tied to one. Each is a Tink AES-256-GCM keyset stored in
 * {@code data_key} only wrapped by the {@link MasterKey} (bound to its key id, so two rows cannot be
 * swapped). Destroying a subject's key (an erasure) makes every copy of that subject's bodies
 * unreadable, in backups too: this is crypto-shredding. Keys are read from the table on every use, so
 * a key destroyed by one instance is gone for all of them at once.
 */
@Component
public class DataKeys {

    public static final String GENERAL = "general";

    private final JdbcTemplate jdbc;
    private final MasterKey master;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    public DataKeys(JdbcTemplate jdbc, MasterKey master, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.master = master;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The key id of a subject's data key, or the general key's for no subject. */
    public static String keyIdFor(String hubSubjectId) {
        return hubSubjectId == null || hubSubjectId.isBlank() ? GENERAL : "subject:" + hubSubjectId;
    }

    /** The key to encrypt with: the existing one, or a new one committed at once (the first body about its owner). */
    public Aead forSealing(String keyId) {
        return forOpening(keyId).orElseGet(() -> {
            // In a transaction of its own: the key outlives a rolled-back delivery, and two instances that create
            // the same key at once both end up using the row that was committed first.
            ownTransaction.executeWithoutResult(status -> {
                try {
                    jdbc.update("INSERT INTO data_key (key_id, keyset, created_at) VALUES (?, ?, ?)", keyId, newWrappedKeyset(keyId),
                            Timestamp.from(clock.instant()));
                } catch (DuplicateKeyException createdMeanwhile) {
                    status.setRollbackOnly();
                }
            });
            return forOpening(keyId).orElseThrow(() -> new IllegalStateException("data key " + keyId + " was not stored"));
        });
    }

    /** The key to decrypt with; empty once destroyed. */
    public Optional<Aead> forOpening(String keyId) {
        return jdbc.queryForList("SELECT keyset FROM data_key WHERE key_id = ?", String.class, keyId).stream().findFirst()
                .map(wrapped -> unwrap(keyId, wrapped));
    }

    /** Whether the key exists (was created and not destroyed). */
    public boolean exists(String keyId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE key_id = ?", Integer.class, keyId);
        return n != null && n > 0;
    }

    /** Destroys a data key: what it encrypted can no longer be read anywhere. True when there was one. */
    public boolean destroy(String keyId) {
        if (GENERAL.equals(keyId)) {
            throw new IllegalArgumentException("the general data key is never destroyed");
        }
        return jdbc.update("DELETE FROM data_key WHERE key_id = ?", keyId) == 1;
    }

    /**
     * Re-wraps every data key under the master key's current primary (after a rotation of the master
     * keyset), so that the old master key can later be removed from the set. Returns how many moved.
     */
    public int rewrap() {
        int primary = master.primaryKeyId();
        if (primary == 0) {
            return 0; // a KMS rotates its key itself and keeps older versions readable
        }
        int moved = 0;
        List<String[]> rows = jdbc.query("SELECT key_id, keyset FROM data_key", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] row : rows) {
            byte[] wrapped = java.util.Base64.getDecoder().decode(row[1]);
            // a Tink ciphertext starts with 0x01 and the 4-byte id of the key that made it
            int wrappedBy = wrapped.length > 5 ? java.nio.ByteBuffer.wrap(wrapped, 1, 4).getInt() : 0;
            if (wrappedBy != primary) {
                moved += jdbc.update("UPDATE data_key SET keyset = ? WHERE key_id = ? AND keyset = ?",
                        wrap(row[0], unwrapHandle(row[0], row[1])), row[0], row[1]);
            }
        }
        return moved;
    }

    private String newWrappedKeyset(String keyId) {
        try {
            return wrap(keyId, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a data key", e);
        }
    }

    /** The keyset encrypted by the master key, bound to its key id; Base64 of Tink's JSON form's ciphertext. */
    private String wrap(String keyId, KeysetHandle keyset) {
        try {
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, com.google.crypto.tink.InsecureSecretKeyAccess.get());
            byte[] sealed = master.aead().encrypt(json.getBytes(StandardCharsets.UTF_8), associatedData(keyId));
            return java.util.Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap data key " + keyId, e);
        }
    }

    private Aead unwrap(String keyId, String wrapped) {
        try {
            return unwrapHandle(keyId, wrapped).getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key " + keyId + " is not an AEAD keyset");
        }
    }

    private KeysetHandle unwrapHandle(String keyId, String wrapped) {
        try {
            byte[] json = master.aead().decrypt(java.util.Base64.getDecoder().decode(wrapped), associatedData(keyId));
            return TinkJsonProtoKeysetFormat.parseKeyset(new String(json, StandardCharsets.UTF_8),
                    com.google.crypto.tink.InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key " + keyId + " cannot be unwrapped with " + MasterKey.SETTING
                    + " (another master key, or a row moved to another key id)");
        }
    }

    private static byte[] associatedData(String keyId) {
        return ("jusou-hub/data_key/" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
