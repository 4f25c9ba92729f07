package jp.jusou.hub.platform;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.BrokerPermissions;
import jp.jusou.hub.message.Hashing;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The logins of machines, on HTTP and on the broker: one per deployed agency (its connector names where
 * its secret comes from; see connectors.Secrets), the machine users of {@code hub.users} (the metrics
 * scraper, role METRICS), and the hub's own broker user. People (operators, auditors, admins) have
 * accounts in the database instead (accounts room); {@code hub.users} refuses their roles. Secrets are
 * kept only in memory, as SHA-256 digests, and compared in constant time: they are high-entropy machine
 * secrets resolved from the environment or a file, never stored by the hub (docs/security.md).
 *
 * <p>Demo secrets ({@code demo-...}) are allowed only when the {@code demo} profile is active;
 * outside it the hub refuses to start if a user has one, and refuses to deploy a connector with one.
 */
@Component
public class Credentials {

    public static final String HUB_USER_ROLE = BrokerPermissions.HUB_ROLE;

    /** The roles a {@code hub.users} entry may have: machines, not people. */
    public static final java.util.Set<String> MACHINE_ROLES = java.util.Set.of("METRICS");

    public record Login(String user, String role, byte[] digest) {
    }

    private final Map<String, Login> logins = new HashMap<>();
    private final String hubBrokerUser;
    private final String hubBrokerPassword;

    private final AgencyDirectory directory;

    public Credentials(AgencyDirectory directory, HubProperties properties, Environment environment) {
        this.directory = directory;
        boolean demo = environment.acceptsProfiles(Profiles.of("demo")) && properties.demoSecrets();
        properties.users().forEach((name, user) -> {
            if (user.password() == null || user.password().isBlank()) {
                throw new IllegalStateException("User " + name + " has no password");
            }
            if (!MACHINE_ROLES.contains(user.role())) {
                throw new IllegalStateException("hub.users." + name + ": role " + user.role() + " is a person's; people have"
                        + " their own accounts in the database (hubctl users add), hub.users is for machines (METRICS)");
            }
            add(name, user.role(), user.password(), demo);
        });
        String brokerPassword = properties.broker().password();
        if (brokerPassword == null || brokerPassword.isBlank()) {
            if (!properties.broker().embedded()) {
                throw new IllegalStateException("hub.broker.password (HUB_BROKER_PASSWORD) is required for an external broker");
            }
            brokerPassword = UUID.randomUUID().toString(); // embedded: only this process connects as the hub
        }
        this.hubBrokerUser = properties.broker().user();
        this.hubBrokerPassword = brokerPassword;
        logins.put(hubBrokerUser, new Login(hubBrokerUser, HUB_USER_ROLE, Hashing.sha256(brokerPassword)));
    }

    private void add(String user, String role, String secret, boolean demo) {
        if (!demo && secret.startsWith("demo-")) {
            throw new IllegalStateException("Refusing to start: " + user
                    + " uses a demo secret outside the demo profile");
        }
        if (logins.putIfAbsent(user, new Login(user, role, Hashing.sha256(secret))) != null) {
            throw new IllegalStateException("Login " + user + " is defined twice");
        }
    }

    /** The login if user and secret match; empty otherwise. */
    public Optional<Login> authenticate(String user, String secret) {
        if (user == null || secret == null) {
            return Optional.empty();
        }
        Login login = logins.get(user);
        if (login == null) {
            // agencies: the secret their connector named, resolved when the connector was deployed
            login = directory.find(user).filter(a -> directory.acceptsLogin(a.id()) && a.secretDigest() != null)
                    .map(a -> new Login(a.id(), "AGENCY", a.secretDigest())).orElse(null);
        }
        byte[] given = Hashing.sha256(secret);
        if (login == null) {
            MessageDigest.isEqual(given, given); // same work whether or not the user exists
            return Optional.empty();
        }
        return MessageDigest.isEqual(login.digest(), given) ? Optional.of(login) : Optional.empty();
    }

    /**
     * The agency a client certificate belongs to: the one deployed agency that owns it (its connector's
     * {@code certificate} mapping by subject or SAN, or else the subject's CN = its id). A certificate that
     * two agencies would own is nobody's. The certificate itself was already checked by the TLS handshake
     * (issued by the trusted CA, within its validity).
     */
    public Optional<Login> authenticate(X509Certificate certificate) {
        List<jp.jusou.hub.agencies.Agency> owners = directory.all().stream()
                .filter(a -> a.ownsCertificate(certificate)).toList();
        return owners.size() != 1 || !directory.acceptsLogin(owners.get(0).id()) ? Optional.empty()
                : Optional.of(new Login(owners.get(0).id(), "AGENCY", owners.get(0).secretDigest()));
    }

    /** The agency id a client certificate names, when exactly one deployed agency owns it. */
    public Optional<String> agencyOf(X509Certificate certificate) {
        return authenticate(certificate).map(Login::user);
    }

    public String hubBrokerUser() {
        return hubBrokerUser;
    }

    public String hubBrokerPassword() {
        return hubBrokerPassword;
    }
}
