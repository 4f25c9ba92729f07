package jp.jusou.hub.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that presents a client certificate and also HTTP Basic for a different login is refused
 * (401): the certificate of agency A must never act as B, and Spring's Basic filter would otherwise
 * replace the certificate's login with B's. Basic for the certificate's own agency, or no Basic, passes.
 */
final class CertificateBasicConflict extends OncePerRequestFilter {

    private final Credentials credentials;

    CertificateBasicConflict(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] certificates = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        Optional<String> basicUser = basicUser(request.getHeader("Authorization"));
        if (certificates != null && certificates.length > 0 && basicUser.isPresent()
                && !basicUser.equals(credentials.agencyOf(certificates[0]))) {
            Problems.write(response, Problems.plain(HttpStatus.UNAUTHORIZED, "CREDENTIALS_CONFLICT",
                    "クライアント証明書とパスワードが別のログインを示しています。",
                    "The client certificate and the password name different logins."));
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return Optional.of(""); // not Basic as the Basic filter reads it; a certificate plus garbage is a conflict too
        }
    }
}
