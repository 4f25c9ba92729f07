package jp.jusou.hub.platform;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The file and SFTP pollers' shared read lock: Camel's {@code readLock=idempotent-changed} against
 * this repository in the hub's database (table {@code camel_messageprocessed}, V28), so that of
 * several instances polling one directory exactly one takes each file. Camel's orphan-aware
 * repository refreshes the locks its instance holds; a lock whose instance died (not refreshed for
 * {@link #LOCK_MAX_AGE_MS}) no longer counts, and another instance reads the file. The key is the
 * file's path; no content.
 */
@Configuration(proxyBeanMethods = false)
public class FileReadLocks {

    /** The bean name the pollers' URIs refer to ({@code idempotentRepository=#fileReadLockRepository}). */
    public static final String BEAN = "fileReadLockRepository";
    static final long LOCK_MAX_AGE_MS = 300_000;
    static final long KEEP_ALIVE_MS = 30_000;

    @Bean(BEAN)
    JdbcOrphanLockAwareIdempotentRepository fileReadLocks(DataSource dataSource, CamelContext camel) {
        JdbcOrphanLockAwareIdempotentRepository repository = new JdbcOrphanLockAwareIdempotentRepository(dataSource, "hub-file-read", camel);
        repository.setCreateTableIfNotExists(false); // Flyway made it (V28)
        repository.setLockMaxAgeMillis(LOCK_MAX_AGE_MS);
        repository.setLockKeepAliveIntervalMillis(KEEP_ALIVE_MS);
        return repository;
    }
}
