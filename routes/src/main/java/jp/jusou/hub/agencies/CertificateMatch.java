package jp.jusou.hub.agencies;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;

/**
 * Which client certificate is an agency's (a connector's {@code certificate} section): its whole
 * subject ({@code subject}, compared as an X.500 name), or one subject alternative name ({@code san}:
 * a DNS name, URI or e-mail address, compared exactly). Without the section the subject's only CN is
 * the agency id. The TLS handshake has already checked the issuer and the validity.
 *
 * @param subject the subject's distinguished name (RFC 2253), or null
 * @param san     a subject alternative name, or null
 */
public record CertificateMatch(String subject, String san) {

    /** The default: the subject's single CN equals the agency id. */
    public static boolean byCommonName(X509Certificate certificate, String agencyId) {
        return commonName(certificate).filter(agencyId::equals).isPresent();
    }

    public boolean matches(X509Certificate certificate) {
        if (subject != null) {
            return new X500Principal(subject).equals(certificate.getSubjectX500Principal());
        }
        return san != null && alternativeNames(certificate).contains(san);
    }

    /** The CN of a certificate's subject, when it has exactly one. */
    public static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<String> names = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).map(rdn -> rdn.getValue().toString()).toList();
            return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /** DNS names (2), e-mail addresses (1) and URIs (6) among the subject alternative names. */
    static List<String> alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            return all == null ? List.of() : all.stream()
                    .filter(entry -> entry.size() == 2 && List.of(1, 2, 6).contains(entry.get(0)))
                    .map(entry -> String.valueOf(entry.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
