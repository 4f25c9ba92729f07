package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The master key: where it comes from, that the hub refuses to start without one outside the demo,
 * that the demo's is generated once under the data directory, and that rotating it keeps every data
 * key (and so every sealed value) readable. Sealed values are bound to their row.
 */
class MasterKeyTest {

    @TempDir
    Path dir;

    private static HubProperties hub(Path dataDir) {
        return new HubProperties(dataDir.toString(), 0, false, null, null, null, null, null, null);
    }

    @Test
    void withoutAKeyTheHubDoesNotStartAndSaysWhichSettingIsMissing() {
        assertThatThrownBy(() -> new MasterKey(new KeyProperties("", false), hub(dir)))
                .hasMessageContaining("hub.keys.master is not set");
        assertThatThrownBy(() -> new MasterKey(new KeyProperties("env:JUSOU_NO_SUCH_VARIABLE", false), hub(dir)))
                .hasMessageContaining("hub.keys.master").hasMessageContaining("JUSOU_NO_SUCH_VARIABLE");
        assertThatThrownBy(() -> new MasterKey(new KeyProperties("file:" + dir.resolve("missing.json"), false), hub(dir)))
                .hasMessageContaining("hub.keys.master").hasMessageContaining("missing.json");
        assertThatThrownBy(() -> new MasterKey(new KeyProperties("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k", false),
                hub(dir))).hasMessageContaining("hub.keys.master");
    }

    @Test
    void theDemoGeneratesItsKeyOnceUnderTheDataDirectory() {
        MasterKey first = new MasterKey(new KeyProperties("", true), hub(dir));
        Path file = dir.resolve("keys/master-keyset.json");
        assertThat(file).exists();
        MasterKey again = new MasterKey(new KeyProperties("", true), hub(dir));
        assertThat(again.primaryKeyId()).isEqualTo(first.primaryKeyId());
    }

    @Test
    void aRotatedMasterKeyStillReadsWhatTheOldOneWrappedAndRewrapsIt() throws Exception {
        AeadConfig.register();
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:keys-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);

        KeysetHandle old = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        Sealing before = sealing(jdbc, db, keyFile("old.json", old));
        String sealed = before.seal("S-2345-6789", "quarantine.body_masked", "Q-1", "本文");

        KeysetHandle rotated = KeysetHandle.newBuilder(old)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build();
        Path rotatedFile = keyFile("rotated.json", rotated);
        MasterKey rotatedKey = new MasterKey(new KeyProperties("file:" + rotatedFile, false), hub(dir));
        DataKeys keys = new DataKeys(jdbc, rotatedKey, Clock.systemUTC(), new DataSourceTransactionManager(db));
        assertThat(new Sealing(keys).open("quarantine.body_masked", "Q-1", sealed)).isEqualTo("本文");
        assertThat(keys.rewrap()).isEqualTo(1);
        assertThat(keys.rewrap()).isZero();

        // the old key can now leave the set: only the new primary is needed
        KeysetHandle newOnly = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(rotated.getPrimary().getKey()).withFixedId(rotated.getPrimary().getId()).makePrimary())
                .build();
        Sealing after = sealing(jdbc, db, keyFile("new-only.json", newOnly));
        assertThat(after.open("quarantine.body_masked", "Q-1", sealed)).isEqualTo("本文");

        // bound to its row and column: moved elsewhere it does not open
        assertThatThrownBy(() -> after.open("quarantine.body_masked", "Q-2", sealed)).isInstanceOf(Sealing.Unreadable.class);
        assertThatThrownBy(() -> after.open("inbox_message.envelope_json", "Q-1", sealed)).isInstanceOf(Sealing.Unreadable.class);
        // written before encryption at rest: read as it is
        assertThat(after.open("quarantine.body_masked", "Q-3", "{\"plain\":true}")).isEqualTo("{\"plain\":true}");
    }

    private Path keyFile(String name, KeysetHandle keyset) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        return file;
    }

    private Sealing sealing(JdbcTemplate jdbc, DataSource db, Path keyFile) {
        MasterKey master = new MasterKey(new KeyProperties("file:" + keyFile, false), hub(dir));
        return new Sealing(new DataKeys(jdbc, master, Clock.systemUTC(), new DataSourceTransactionManager(db)));
    }
}
