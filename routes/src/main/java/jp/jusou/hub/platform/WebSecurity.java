package jp.jusou.hub.platform;

import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * HTTP authentication: agencies and machines log in with HTTP Basic against the hub's
 * {@link Credentials}, people against their accounts (the accounts room's provider, which also counts
 * failures for the lockout), or an agency by its client certificate over HTTPS (mutual TLS). Agencies may use the message API; operators the operations API; anonymous
 * callers get only the bare health status; metrics need the scrape credential (role METRICS) or an
 * operator. Errors are problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurity {

    @Bean
    @org.springframework.core.annotation.Order(1)
    AuthenticationProvider credentialsAuthentication(Credentials credentials) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String user = authentication.getName();
                Object secret = authentication.getCredentials();
                return credentials.authenticate(user, secret == null ? null : secret.toString())
                        .map(login -> UsernamePasswordAuthenticationToken.authenticated(user, null,
                                List.of(new SimpleGrantedAuthority("ROLE_" + login.role()))))
                        .orElseThrow(() -> new BadCredentialsException("bad credentials"));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, List<AuthenticationProvider> providers, Credentials credentials)
            throws Exception {
        providers.forEach(http::authenticationProvider); // machines' Credentials first, then people's accounts
        return http
                // an agency may present its client certificate instead of a secret (mutual TLS: server.ssl.client-auth=want);
                // the handshake has checked issuer and validity; the connector's mapping (subject or SAN, by default
                // the subject's CN) names the agency; a certificate plus Basic for another login is refused
                .addFilterBefore(new CertificateBasicConflict(credentials),
                        org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter.class)
                .x509(x509 -> x509.x509PrincipalExtractor(certificate -> credentials.agencyOf(certificate).orElse(null))
                        .authenticationUserDetailsService(token -> credentials.authenticate((X509Certificate) token.getCredentials())
                                .map(login -> User.withUsername(login.user()).password("").authorities("ROLE_" + login.role()).build())
                                .orElseThrow(() -> new UsernameNotFoundException("no deployed agency for this certificate"))))
                .csrf(csrf -> csrf.disable()) // stateless Basic-auth API, no browser session
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // anyone may ask whether the hub is up (details only for operators: management.endpoint.health.roles);
                        // metrics tell each agency's volume, so they need the scrape credential or an operator
                        .requestMatchers("/actuator/health/**", "/actuator/health").permitAll()
                        // hub-wide records (every municipality's figures, the whole ledger) are for provider
                        // logins only: an account of one municipality would see the others' there
                        .requestMatchers("/actuator/prometheus").access(hubWide("METRICS", "OPERATOR", "ADMIN"))
                        .requestMatchers("/actuator/info").hasAnyRole("OPERATOR", "ADMIN")
                        .requestMatchers("/actuator/**").denyAll()
                        .requestMatchers("/api/v1/messages/**", "/api/v1/messages", "/api/v1/inbox/**", "/api/v1/inbox",
                                "/api/v1/meetings/**", "/api/v1/meetings", "/api/v1/consents/**", "/api/v1/referrals/**",
                                "/api/v1/cases/**").hasRole("AGENCY")
                        .requestMatchers("/api/v1/quarantine/**", "/api/v1/quarantine").hasAnyRole("OPERATOR", "ADMIN")
                        .requestMatchers("/api/v1/connectors/**", "/api/v1/connectors").hasAnyRole("OPERATOR", "ADMIN")
                        .requestMatchers("/api/v1/users/**", "/api/v1/users").hasRole("ADMIN")
                        // four eyes: anyone who deploys may see what waits; only admins decide (never their own)
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/connector-changes").hasAnyRole("OPERATOR", "ADMIN")
                        .requestMatchers("/api/v1/connector-changes/*/approve", "/api/v1/connector-changes/*/reject").hasRole("ADMIN")
                        .requestMatchers("/api/v1/disclosures/verify").access(hubWide("AUDITOR", "ADMIN"))
                        .requestMatchers("/api/v1/disclosures/**", "/api/v1/disclosures").access(hubWide("AUDITOR"))
                        .requestMatchers("/api/v1/subjects/*/erasure").access(hubWide("AUDITOR"))
                        // the OpenAPI document: any login (agencies' vendors, operators, auditors) may read it; it
                        // describes the public contract, but nothing but health is served to anonymous callers
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml").authenticated()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("jusou-hub")
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"jusou-hub\"");
                            Problems.write(response, Problems.plain(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                    "認証が必要です（機関IDとシークレット）。", "Authentication required (agency id and secret)."));
                        }))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"jusou-hub\"");
                            Problems.write(response, Problems.plain(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                    "認証が必要です（機関IDとシークレット）。", "Authentication required (agency id and secret)."));
                        })
                        .accessDeniedHandler((request, response, e) -> Problems.write(response, Problems.plain(
                                HttpStatus.FORBIDDEN, "FORBIDDEN", "この操作の権限がありません。", "Not allowed for this login."))))
                .build();
    }

    /**
     * One of the roles, and a provider login (no municipality, see {@link Scope}): for what cannot be cut to
     * one municipality.
     */
    static AuthorizationManager<RequestAuthorizationContext> hubWide(String... roles) {
        AuthorityAuthorizationManager<RequestAuthorizationContext> byRole = AuthorityAuthorizationManager.hasAnyRole(roles);
        return (authentication, context) -> {
            AuthorizationResult decision = byRole.authorize(authentication, context);
            return new AuthorizationDecision(decision != null && decision.isGranted() && Scope.of(authentication.get()).provider());
        };
    }
}
