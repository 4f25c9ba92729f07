package jp.jusou.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** An agency's SFTP server for tests (Apache MINA SSHD) on a free port of 127.0.0.1. */
public final class SftpTestServer {

    private SftpTestServer() {
    }

    /** Serves {@code root} to the user {@code jusou-hub} with {@code password}; the host key lies beside the root. */
    public static SshServer start(Path root, String password) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + "-hostkey.ser")));
        server.setPasswordAuthenticator((user, given, session) -> "jusou-hub".equals(user) && password.equals(given));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return server;
    }
}
