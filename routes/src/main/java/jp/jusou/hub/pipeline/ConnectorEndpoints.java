package jp.jusou.hub.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.ConnectorLauncher.SecretSource;
import jp.jusou.hub.connectors.TransportSettings;

/** Endpoint URI parts the file and SFTP templates share. */
final class ConnectorEndpoints {

    /** Written under a temporary name, then renamed: the agency never sees half a file. */
    static final String WRITE_OPTIONS = "fileExist=Override&tempFileName=${file:name}.part";

    private ConnectorEndpoints() {
    }

    /** The SFTP server and folder of a transport, logged in with its (resolved) password. */
    static String sftp(Transport t, TransportSettings settings, SecretSource secrets, String passwordPath) {
        String password = secrets.resolve(ConnectorDefinition.SecretRef.of(t.node("password")), passwordPath);
        String hostKey = t.text("knownHostsFile") == null ? "strictHostKeyChecking=no&useUserKnownHostsFile=false"
                : "knownHostsFile=" + raw(t.text("knownHostsFile")) + "&strictHostKeyChecking=yes";
        String base = t.text("path").startsWith("/") ? t.text("path") : "/" + t.text("path");
        return sftpServer(t, settings) + base
                + "?username=" + raw(t.text("username")) + "&password=" + raw(password) + "&" + hostKey
                + "&stepwise=false&binary=true&disconnect=false";
    }

    static String sftpServer(Transport t, TransportSettings settings) {
        return "sftp://" + t.text("host") + ":" + settings.integer("/port");
    }

    /** The transport's directory, created now: a directory that cannot exist fails the start, not the first message. */
    static String directory(String exchangeDir, String configured) {
        Path path = Path.of(configured);
        if (!path.isAbsolute()) {
            path = Path.of(exchangeDir).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new IllegalStateException("directory " + path + " cannot be created (" + e.getClass().getSimpleName() + ")", e);
        }
        return path.toString();
    }

    static String raw(String value) {
        return "RAW(" + value + ")";
    }
}
