package jp.jusou.hub.platform;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/**
 * The key-encryption key (KEK). It never encrypts a body: it wraps the data keys ({@link DataKeys}),
 * which live in the database only in wrapped form. It is a Tink keyset, so rotating it is adding a new
 * primary key to the keyset: data keys wrapped under an older key of the set stay readable, and
 * {@link DataKeys#rewrap()} moves them to the new primary at start-up. With a KMS URI the KMS holds the
 * key and rotates it itself. Outside the demo a hub without a master key does not start.
 */
@Component
public class MasterKey {

    public static final String SETTING = "hub.keys.master";

    private final Aead aead;
    private final KeysetHandle keyset;

    public MasterKey(KeyProperties keys, HubProperties hub) {
        try {
            AeadConfig.register();
            String source = keys.master() == null ? "" : keys.master().trim();
            if (source.isEmpty() && keys.generateDemoKey()) {
                source = "file:" + demoKeyFile(Path.of(hub.dataDir()));
            }
            if (source.isEmpty()) {
                throw new IllegalStateException(SETTING + " is not set: the hub encrypts every stored body and needs its master key"
                        + " (env:VARIABLE, file:/path/keyset.json or a KMS key URI; see docs/data-protection.md)");
            }
            if (source.startsWith("env:") || source.startsWith("file:")) {
                this.keyset = TinkJsonProtoKeysetFormat.parseKeyset(read(source), InsecureSecretKeyAccess.get());
                this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            } else if (source.contains("://")) {
                this.keyset = null;
                this.aead = KmsClients.get(source).getAead(source);
            } else {
                throw new IllegalStateException(SETTING + " must start with env:, file: or a KMS scheme such as gcp-kms://");
            }
        } catch (GeneralSecurityException e) {
            // the message of Tink's exception names no key material; the cause is kept off the message
            throw new IllegalStateException(SETTING + " does not name a usable AEAD master key (" + e.getClass().getSimpleName() + ")");
        }
    }

    public Aead aead() {
        return aead;
    }

    /** The id of the key that wraps new data keys, or 0 with a KMS (it does not say). */
    public int primaryKeyId() {
        return keyset == null ? 0 : keyset.getPrimary().getId();
    }

    private static String read(String source) {
        if (source.startsWith("env:")) {
            String name = source.substring(4);
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(SETTING + " names the environment variable " + name + ", which is not set");
            }
            return value;
        }
        Path file = Path.of(source.substring(5));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(SETTING + " names the file " + file + ", which cannot be read");
        }
    }

    /** The demo's master key under the data directory: generated once, then read (the demo only). */
    static Path demoKeyFile(Path dataDir) throws GeneralSecurityException {
        Path file = dataDir.resolve("keys").resolve("master-keyset.json");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                    InsecureSecretKeyAccess.get());
            Path partial = file.resolveSibling("master-keyset.json.new");
            Files.writeString(partial, json, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's ACL applies
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException anotherInstance) {
            // another process generated it first: use that one
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo master key under " + file.getParent());
        }
        return file;
    }
}
