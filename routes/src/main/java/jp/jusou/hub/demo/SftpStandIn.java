package jp.jusou.hub.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP server of an agency that hosts its exchange itself (第2包括 in the demo): Apache MINA SSHD
 * serving one directory, with the user and password the agency's connector logs in with. It creates
 * {@code exchange/to-hub} (the agency's drops, which the hub polls) and {@code exchange/from-hub}
 * (where the hub writes) so the hub's poller finds them from the first poll.
 */
final class SftpStandIn {

    private static final Logger log = LoggerFactory.getLogger(SftpStandIn.class);

    private final StandInProperties.Sftp settings;
    private SshServer server;

    public SftpStandIn(StandInProperties.Sftp settings) {
        this.settings = settings;
    }

    public void start() throws IOException {
        Path root = Path.of(settings.root()).toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("exchange/to-hub"));
        Files.createDirectories(root.resolve("exchange/from-hub"));
        server = SshServer.setUpDefaultServer();
        server.setHost(settings.host());
        server.setPort(settings.port());
        // the host key is kept beside the served directory: the same key after a restart
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + "-hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) ->
                settings.username().equals(user) && settings.password().equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        log.info("Demo stand-in: SFTP server on {}:{} serving {}", settings.host(), port(), root);
    }

    /** The port it listens on (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.getPort();
    }

    public void stop() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }
}
