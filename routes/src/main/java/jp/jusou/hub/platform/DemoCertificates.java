package jp.jusou.hub.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's own certificate authority (Bouncy Castle), so that the demo runs on TLS like a
 * deployment: {@code <data>/tls/ca.pem}, a server certificate for {@code localhost}/{@code 127.0.0.1}
 * (PEM for the web server, PKCS#12 for the broker), a PKCS#12 trust store holding the CA (the broker's
 * client-certificate check) and, per agency, {@code agencies/<id>.crt.pem} and {@code <id>.key.pem}.
 * Keys are unencrypted PEM: demo only. Files that exist are reused, so clients keep trusting the CA
 * across restarts. Outside the demo the operator brings real certificates; nothing here runs.
 */
public final class DemoCertificates {

    /** Certificates are valid this long either side of their issue (the hub's clock, which tests may move). */
    static final Duration VALIDITY = Duration.ofDays(730);

    private final Path dir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DemoCertificates(Path tlsDir, Clock clock) {
        this.dir = tlsDir;
        this.clock = clock;
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public Path serverCertificate() {
        return dir.resolve("server.crt.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key.pem");
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public Path trustStore() {
        return dir.resolve("ca.p12");
    }

    public Path agencyCertificate(String agencyId) {
        return dir.resolve("agencies").resolve(agencyId + ".crt.pem");
    }

    public Path agencyKey(String agencyId) {
        return dir.resolve("agencies").resolve(agencyId + ".key.pem");
    }

    /** The CA and the server's certificate (PEM and PKCS#12 with this password), created when absent. */
    public synchronized void ensureServer(char[] storePassword) {
        try {
            Issuer ca = ca();
            if (!Files.exists(serverCertificate()) || !Files.exists(serverKey())) {
                KeyPair pair = newKeyPair();
                X509Certificate server = issue(ca, new X500Principal("CN=localhost, O=jusou-hub demo"), pair, false,
                        KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
                writeKey(serverKey(), pair.getPrivate());
                write(serverCertificate(), pem(server));
                Files.deleteIfExists(serverKeyStore());
            }
            if (!Files.exists(serverKeyStore())) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", readKey(serverKey()), storePassword,
                        new X509Certificate[] {readCertificate(serverCertificate()), ca.certificate()});
                save(store, serverKeyStore(), storePassword);
            }
            if (!Files.exists(trustStore())) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("ca", ca.certificate());
                save(store, trustStore(), storePassword);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Demo TLS files could not be written under " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Demo TLS certificates could not be created", e);
        }
    }

    /** An agency's client certificate (subject {@code CN=<agencyId>}), created when absent. */
    public synchronized void ensureAgency(String agencyId) {
        if (!agencyId.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("not an agency id: " + agencyId);
        }
        if (Files.exists(agencyCertificate(agencyId)) && Files.exists(agencyKey(agencyId))) {
            return;
        }
        try {
            KeyPair pair = newKeyPair();
            X509Certificate certificate = issue(ca(), new X500Principal("CN=" + agencyId + ", O=jusou-hub demo"), pair,
                    false, KeyPurposeId.id_kp_clientAuth);
            writeKey(agencyKey(agencyId), pair.getPrivate());
            write(agencyCertificate(agencyId), pem(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException("Demo certificate of " + agencyId + " could not be written", e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Demo certificate of " + agencyId + " could not be created", e);
        }
    }

    /**
     * A client certificate for {@code CN=<commonName>} valid only between the given instants, into the
     * given files: for tests of refused certificates (expired, not yet valid).
     */
    synchronized void issueClient(String commonName, Instant notBefore, Instant notAfter, Path certificateFile, Path keyFile) {
        issueClient("CN=" + commonName + ", O=jusou-hub demo", null, notBefore, notAfter, certificateFile, keyFile);
    }

    /** A client certificate with any subject and, if given, a DNS subject alternative name: for tests of the per-connector mapping. */
    synchronized void issueClient(String subject, String dnsName, Instant notBefore, Instant notAfter, Path certificateFile, Path keyFile) {
        try {
            KeyPair pair = newKeyPair();
            Issuer ca = ca();
            GeneralName[] altNames = dnsName == null ? new GeneralName[0] : new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName)};
            X509Certificate certificate = sign(ca.certificate().getSubjectX500Principal(), ca.key(), ca.certificate().getPublicKey(),
                    new X500Principal(subject), pair, false, KeyPurposeId.id_kp_clientAuth, notBefore, notAfter, altNames);
            writeKey(keyFile, pair.getPrivate());
            write(certificateFile, pem(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Issuer(X509Certificate certificate, PrivateKey key) {
    }

    private Issuer ca() throws IOException, GeneralSecurityException, OperatorCreationException {
        Path key = dir.resolve("ca.key.pem");
        if (Files.exists(caCertificate()) && Files.exists(key)) {
            return new Issuer(readCertificate(caCertificate()), readKey(key));
        }
        KeyPair pair = newKeyPair();
        X500Principal name = new X500Principal("CN=jusou-hub demo CA, O=jusou-hub demo");
        X509Certificate certificate = sign(name, pair.getPrivate(), pair.getPublic(), name, pair, true, null);
        writeKey(key, pair.getPrivate());
        write(caCertificate(), pem(certificate));
        return new Issuer(certificate, pair.getPrivate());
    }

    private X509Certificate issue(Issuer ca, X500Principal subject, KeyPair pair, boolean isCa, KeyPurposeId purpose,
                                  GeneralName... altNames) throws GeneralSecurityException, OperatorCreationException, IOException {
        return sign(ca.certificate().getSubjectX500Principal(), ca.key(), ca.certificate().getPublicKey(), subject, pair, isCa, purpose,
                altNames);
    }

    private X509Certificate sign(X500Principal issuer, PrivateKey issuerKey, PublicKey issuerPublicKey, X500Principal subject,
                                 KeyPair pair, boolean isCa, KeyPurposeId purpose, GeneralName... altNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = clock.instant();
        return sign(issuer, issuerKey, issuerPublicKey, subject, pair, isCa, purpose, now.minus(VALIDITY), now.plus(VALIDITY), altNames);
    }

    /** Strict verifiers (OpenSSL's X509_STRICT, Python 3.13's default) want both key identifiers. */
    private X509Certificate sign(X500Principal issuer, PrivateKey issuerKey, PublicKey issuerPublicKey, X500Principal subject,
                                 KeyPair pair, boolean isCa, KeyPurposeId purpose, Instant notBefore, Instant notAfter,
                                 GeneralName... altNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuerPublicKey));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (altNames.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
        }
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        write(file, pem(new JcaPKCS8Generator(key, null)));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }

    /** Written beside and moved into place, so a reader never sees half a file. */
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (var out = Files.newOutputStream(temp)) {
            store.store(out, password);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
