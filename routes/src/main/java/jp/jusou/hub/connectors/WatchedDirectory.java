package jp.jusou.hub.connectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import jp.jusou.hub.message.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The directory IT staff drop connector definitions into while the hub runs
 * ({@code hub.connectors.watch-dir}): a new or changed file goes through {@link ChangeApprovals} like a
 * deploy over the API (a new destination or secret waits for an admin, as proposed by {@link #FILE_DROP});
 * a rejected one gets {@code <name>.rejected.txt} beside it.
 */
@Component
class WatchedDirectory {

    private static final Logger log = LoggerFactory.getLogger(WatchedDirectory.class);
    public static final String FILE_DROP = "file-drop";

    private final ConnectorRuntime runtime;
    private final ChangeApprovals approvals;
    private final ConnectorRegistry registry;
    private final MappingCatalog mappings;
    private final ConnectorProperties properties;
    private final Map<Path, String> watchedSeen = new HashMap<>();
    private final Map<Path, FileStamp> watchedStamps = new HashMap<>();

    public WatchedDirectory(ConnectorRuntime runtime, ChangeApprovals approvals, ConnectorRegistry registry, MappingCatalog mappings,
                            ConnectorProperties properties) {
        this.runtime = runtime;
        this.approvals = approvals;
        this.registry = registry;
        this.mappings = mappings;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = ConnectorProperties.POLL_INTERVAL_SETTING, fixedDelayString = ConnectorProperties.POLL_INTERVAL_SETTING)
    public void poll() {
        if (!runtime.started()) {
            return;
        }
        try {
            scanWatchDir();
        } catch (RuntimeException e) {
            log.warn("Watched connector directory could not be followed ({}); retried at the next poll", e.getClass().getSimpleName());
        }
    }

    /** Definitions dropped into the watched directory are deployed when new or changed; rejections are written beside them. */
    synchronized void scanWatchDir() {
        if (properties.watchDir() == null || properties.watchDir().isBlank()) {
            return;
        }
        Path dir = Path.of(properties.watchDir());
        if (!Files.isDirectory(dir)) {
            return;
        }
        java.util.Set<Path> present = new java.util.HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            for (Path file : files) {
                present.add(file);
                // Taken only once it has stopped changing: the same size and modification time as at the
                // previous scan (new or changed since then: possibly still being written, taken at the next
                // poll; a file present at start-up is taken at the first poll). The file is compared with
                // itself, never with the hub's clock (which tests may move ahead) nor with this machine's
                // (which a network file system's time stamps need not agree with).
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                FileStamp stamp = new FileStamp(attributes.size(), attributes.lastModifiedTime());
                if (!stamp.equals(watchedStamps.put(file, stamp))) {
                    continue;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String sha = Hashing.sha256Hex(text);
                String seen = watchedSeen.put(file, sha);
                if (sha.equals(seen)) {
                    continue;
                }
                Path rejected = file.resolveSibling(file.getFileName() + ".rejected.txt");
                try {
                    ConnectorDefinition definition = mappings.pin(runtime.definitions().parse(file.getFileName().toString(), text));
                    String pinned = definition.sha256();
                    // first sight in this process (e.g. after a restart): only a text never deployed is new;
                    // a file edited while we watch: whatever differs from what the registry runs (not from what
                    // this instance runs: another instance watching the same file may have deployed it already)
                    boolean changed = seen == null ? !registry.everDeployed(definition.id(), pinned)
                            : !pinned.equals(activeSha(definition.id()));
                    if (changed) {
                        approvals.submit(definition, FILE_DROP); // a new destination waits for an admin
                    }
                    Files.deleteIfExists(rejected);
                } catch (InvalidConnectorException | ConnectorStartException e) {
                    Path partial = rejected.resolveSibling(rejected.getFileName() + ".part");
                    Files.writeString(partial, e.getMessage() + System.lineSeparator(), StandardCharsets.UTF_8);
                    Files.move(partial, rejected, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE); // whoever reads it sees all of it
                    log.warn("Connector file {} rejected: {}", file.getFileName(), e.getMessage());
                } catch (org.springframework.dao.DuplicateKeyException raced) {
                    watchedSeen.remove(file); // another instance deployed it at the same moment: look again
                }
            }
            watchedStamps.keySet().retainAll(present);
        } catch (IOException e) {
            log.warn("Watched connector directory {} could not be read: {}", dir, e.getMessage());
        }
    }

    /** The text of the version the registry says is active, or null. */
    private String activeSha(String agencyId) {
        return registry.state(agencyId).map(ConnectorRegistry.State::activeVersion).flatMap(v -> registry.version(agencyId, v))
                .map(ConnectorRegistry.Version::sha256).orElse(null);
    }

    /** What a watched file looked like at a scan. */
    private record FileStamp(long size, FileTime modified) {
    }

}
