package jp.jusou.hub.pipeline;

import com.jcraft.jsch.ChannelSftp;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The SFTP poller's read lock across instances. Camel's SFTP consumer offers only {@code none},
 * {@code rename} and {@code changed} (not the {@code idempotent-changed} its file consumer has), so
 * this does for SFTP what Camel's {@code FileIdempotentChangedRepositoryReadLockStrategy} does for
 * files: the file's key ({@code sftp://host:port/path}) is added to the repository all instances share
 * (only one instance succeeds), then Camel's own {@link SftpChangedExclusiveReadLockStrategy} waits
 * until the file has stopped changing. After a commit the key is removed only after {@code releaseDelay}
 * (the file has moved to done/ by then, and an instance that listed it before cannot take it again);
 * after a rollback at once.
 */
final class SftpSharedReadLock implements GenericFileExclusiveReadLockStrategy<ChannelSftp.LsEntry> {

    private static final ScheduledExecutorService RELEASES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sftp-read-lock-release");
        t.setDaemon(true);
        return t;
    });

    private final SftpChangedExclusiveReadLockStrategy changed = new SftpChangedExclusiveReadLockStrategy();
    private final IdempotentRepository repository;
    private final String server;
    private final Duration releaseDelay;

    SftpSharedReadLock(IdempotentRepository repository, String server, long checkInterval, long minAge, long timeout,
                       Duration releaseDelay) {
        this.repository = repository;
        this.server = server;
        this.releaseDelay = releaseDelay;
        changed.setCheckInterval(checkInterval);
        changed.setMinAge(minAge);
        changed.setTimeout(timeout);
        changed.setReadLockLoggingLevel(LoggingLevel.OFF);
    }

    String key(GenericFile<ChannelSftp.LsEntry> file) {
        return server + file.getAbsoluteFilePath();
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFileEndpoint<ChannelSftp.LsEntry> endpoint)
            throws Exception {
        changed.prepareOnStartup(operations, endpoint);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                            Exchange exchange) throws Exception {
        if (!repository.add(key(file))) {
            return false; // another instance has it
        }
        boolean stable;
        try {
            stable = changed.acquireExclusiveReadLock(operations, file, exchange);
        } catch (Exception e) {
            repository.remove(key(file));
            throw e;
        }
        if (!stable) {
            repository.remove(key(file));
        }
        return stable;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                                Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnAbort(operations, file, exchange);
        repository.remove(key(file));
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<ChannelSftp.LsEntry> operations,
                                                   GenericFile<ChannelSftp.LsEntry> file, Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnRollback(operations, file, exchange);
        repository.remove(key(file));
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                                 Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnCommit(operations, file, exchange);
        String key = key(file);
        RELEASES.schedule(() -> repository.remove(key), releaseDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void setTimeout(long timeout) {
        changed.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        changed.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        changed.setReadLockLoggingLevel(level);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        changed.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        changed.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}
