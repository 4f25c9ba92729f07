package jp.jusou.hub.cli;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * {@code hubctl master-key new|rotate <file>}: the hub's master keyset (hub.keys.master=file:…) for IT
 * staff without Tinkey. {@code rotate} adds a new primary key and keeps the old ones, so every data
 * key stays readable; the hub re-wraps them under the new key at its next start.
 */
final class MasterKeyFiles {

    private MasterKeyFiles() {
    }

    /** Writes a new keyset; refuses to overwrite one (that would make every stored body unreadable). */
    static String create(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists: a new master key in its place would make every stored body unreadable;"
                    + " use master-key rotate");
        }
        try {
            AeadConfig.register();
            write(file, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
            return file + ": new master key written (keep a copy apart from the database backups)";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a master key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Adds a new primary key to the keyset in the file; the older keys stay for reading. */
    static String rotate(Path file) throws IOException {
        try {
            AeadConfig.register();
            KeysetHandle current = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                    .build();
            write(file, rotated);
            return file + ": new primary key " + Integer.toUnsignedString(rotated.getPrimary().getId()) + " added, "
                    + (rotated.size() - 1) + " older key(s) kept for reading; restart the hub instances to re-wrap the data keys";
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a Tink keyset (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void write(Path file, KeysetHandle keyset) throws IOException, GeneralSecurityException {
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(partial, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
