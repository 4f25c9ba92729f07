package jp.jusou.hub.accounts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.platform.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How people log in: Spring Security's {@link DaoAuthenticationProvider} over {@link Accounts}, with
 * the delegating password encoder (bcrypt for new hashes). A disabled account is refused; a locked one
 * (see {@link LoginLockout}) is refused before its password is even checked, so the right password is
 * refused too. The authorities are the role and, for an account of one municipality,
 * {@code MUNICIPALITY_<code>} ({@link Scope}). Both the console's form login and the API's Basic auth
 * use this provider (after the agencies' and machines' {@code Credentials}).
 */
@Configuration(proxyBeanMethods = false)
class AccountSecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Accounts accounts(JdbcTemplate jdbc, Clock clock, PasswordEncoder passwordEncoder) {
        return new Accounts(jdbc, clock, passwordEncoder);
    }

    @Bean
    @Order(2)
    AuthenticationProvider accountAuthentication(Accounts accounts, Clock clock, PasswordEncoder passwordEncoder) {
        UserDetailsService people = name -> {
            Account account = accounts.find(name).orElseThrow(() -> new UsernameNotFoundException("no such account"));
            List<String> authorities = new ArrayList<>(List.of("ROLE_" + account.role()));
            if (account.municipality() != null) {
                authorities.add(Scope.AUTHORITY_PREFIX + account.municipality());
            }
            return User.withUsername(account.name()).password(accounts.passwordHash(name).orElseThrow())
                    .authorities(authorities.toArray(String[]::new)).disabled(!account.enabled())
                    .accountLocked(account.lockedAt(clock.instant())).build();
        };
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(people);
        provider.setPasswordEncoder(passwordEncoder);
        return provider;
    }
}
