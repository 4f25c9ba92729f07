package jp.jusou.hub.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The operator console's own filter chain, before the API's: form login (page in Japanese and
 * English), a session, CSRF protection (the page sends the token of {@code /console/api/me} in a
 * header). OPERATOR and ADMIN watch and act (replay, discard, bulk replay, pause/resume connectors);
 * AUDITOR watches and may open a quarantined message's content; ADMIN alone manages the accounts
 * ({@code /console/api/users}); agencies get 403. The session cookie is HttpOnly, SameSite=Strict and
 * Secure over HTTPS (server.servlet.session.cookie.*; always Secure in the external profile). The API's chain
 * (stateless HTTP Basic) is unchanged.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    private static final String[] CONSOLE_ROLES = {"OPERATOR", "ADMIN", "AUDITOR"};

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, java.util.List<AuthenticationProvider> providers) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/console/api/**");
        providers.forEach(http::authenticationProvider);
        return http
                .securityMatcher("/console", "/console/**", "/webjars/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/console/login", "/console/console.css", "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/api/quarantine/*/content").hasRole("AUDITOR")
                        .requestMatchers("/console/api/users", "/console/api/users/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/console/api/connector-changes/**").hasRole("ADMIN") // four eyes: admins decide
                        .requestMatchers(HttpMethod.POST, "/console/api/**").hasAnyRole("OPERATOR", "ADMIN")
                        .requestMatchers("/console/**", "/console").hasAnyRole(CONSOLE_ROLES)
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console/index.html", true).failureUrl("/console/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor((request, response, e) -> Problems.write(response, Problems.plain(
                                HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "ログインが必要です。", "Log in first.")), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/console/login"), request -> true)
                        .accessDeniedHandler((request, response, e) -> Problems.write(response, Problems.plain(
                                HttpStatus.FORBIDDEN, "FORBIDDEN", "この操作の権限がありません。", "Not allowed for this login."))))
                .build();
    }
}
