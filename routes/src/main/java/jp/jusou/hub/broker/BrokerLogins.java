package jp.jusou.hub.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.TextFileCertificateLoginModule;

/**
 * The standalone broker's JAAS logins, as a {@code login.config} file would give them. Passwords
 * ({@link #PASSWORD_DOMAIN}): {@link NonEmptyPasswordLoginModule} (requisite: an empty password never logs
 * in), then Artemis's {@code PropertiesLoginModule} over the users and roles files, re-read when they
 * change. Client certificates ({@link #CERTIFICATE_DOMAIN}, used by Artemis when the TLS client presented
 * one): when {@code cert-users.properties} lies beside the users file ({@code agencyId = subject DN} as
 * Artemis reads it, {@code CN=…, O=…} with a comma and a space, one line per agency), Artemis's {@code TextFileCertificateLoginModule} logs the certificate's agency
 * in (sufficient: the user name and password given are then ignored, so a certificate of A is never B);
 * a certificate not in it falls back to the password login.
 */
final class BrokerLogins {

    static final String PASSWORD_DOMAIN = "activemq";
    static final String CERTIFICATE_DOMAIN = "activemq-cert";
    static final String CERT_USERS = "cert-users.properties";

    private BrokerLogins() {
    }

    static Configuration configuration(Path usersFile, Path rolesFile) {
        // both modules resolve the file names against one base directory
        Path base = usersFile.getParent();
        String roles = base.relativize(rolesFile).toString();
        AppConfigurationEntry[] passwords = {
                new AppConfigurationEntry(NonEmptyPasswordLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, Map.of()),
                new AppConfigurationEntry(PropertiesLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, Map.of(
                        "baseDir", base.toString(),
                        PropertiesLoginModule.USER_FILE_PROP_NAME, usersFile.getFileName().toString(),
                        PropertiesLoginModule.ROLE_FILE_PROP_NAME, roles,
                        "reload", "true"))};
        List<AppConfigurationEntry> certificates = new ArrayList<>();
        if (Files.isRegularFile(base.resolve(CERT_USERS))) {
            certificates.add(new AppConfigurationEntry(TextFileCertificateLoginModule.class.getName(), LoginModuleControlFlag.SUFFICIENT,
                    Map.of("baseDir", base.toString(),
                            "org.apache.activemq.jaas.textfiledn.user", CERT_USERS,
                            "org.apache.activemq.jaas.textfiledn.role", roles,
                            "reload", "true")));
        }
        certificates.addAll(List.of(passwords));
        AppConfigurationEntry[] byCertificate = certificates.toArray(AppConfigurationEntry[]::new);
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return PASSWORD_DOMAIN.equals(name) ? passwords.clone() : CERTIFICATE_DOMAIN.equals(name) ? byCertificate.clone() : null;
            }
        };
    }
}
