package jp.jusou.hub.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.operations.AuditTrail;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Lockout, from Spring Security's authentication events (console form login and API Basic auth alike):
 * {@value #MAX_FAILURES} failed logins of one account within {@link #WINDOW} lock it for
 * {@link #LOCK}. The failures and the lock are in the database ({@code login_failure},
 * {@code hub_account.locked_until}), so every instance counts them together and refuses the account;
 * the lock is set by a conditional UPDATE, so of several instances exactly one records it. Every failed
 * login, refusal of a locked or disabled account and every lock goes into the audit trail with the
 * account and the source address. A name that is neither an account nor an agency is recorded as
 * {@code unknown}: people type passwords into the name field.
 */
@Component
class LoginLockout {

    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCK = Duration.ofMinutes(15);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Accounts accounts;
    private final AgencyDirectory agencies;
    private final AuditTrail audit;

    public LoginLockout(JdbcTemplate jdbc, Clock clock, Accounts accounts, AgencyDirectory agencies, AuditTrail audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.accounts = accounts;
        this.agencies = agencies;
        this.audit = audit;
    }

    @EventListener
    public void badCredentials(AuthenticationFailureBadCredentialsEvent event) {
        String name = event.getAuthentication().getName();
        String source = source(event.getAuthentication());
        Optional<Account> account = name == null ? Optional.empty() : accounts.find(name);
        if (account.isEmpty()) {
            Optional<Agency> agency = name == null ? Optional.empty() : agencies.find(name);
            audit.record(agency.map(Agency::id).orElse("unknown"), "login-failed", agency.map(Agency::id).orElse(null),
                    "from " + source, agency.map(Agency::municipality).orElse(null));
            return;
        }
        audit.record(name, "login-failed", name, "from " + source, account.get().municipality());
        Instant now = clock.instant();
        Timestamp windowStart = Timestamp.from(now.minus(WINDOW));
        jdbc.update("DELETE FROM login_failure WHERE login_name = ? AND failed_at < ?", name, windowStart);
        jdbc.update("INSERT INTO login_failure (login_name, failed_at, source) VALUES (?, ?, ?)", name, Timestamp.from(now), source);
        Integer failures = jdbc.queryForObject("SELECT COUNT(*) FROM login_failure WHERE login_name = ? AND failed_at >= ?",
                Integer.class, name, windowStart);
        if (failures != null && failures >= MAX_FAILURES) {
            int locked = jdbc.update("UPDATE hub_account SET locked_until = ? WHERE login_name = ?"
                    + " AND (locked_until IS NULL OR locked_until <= ?)", Timestamp.from(now.plus(LOCK)), name, Timestamp.from(now));
            if (locked == 1) {
                jdbc.update("DELETE FROM login_failure WHERE login_name = ?", name);
                audit.record(name, "account-locked", name, failures + " failed logins within " + WINDOW.toMinutes()
                        + " min, locked for " + LOCK.toMinutes() + " min; last from " + source, account.get().municipality());
            }
        }
    }

    @EventListener
    public void locked(AuthenticationFailureLockedEvent event) {
        refused(event, "login-refused-locked");
    }

    @EventListener
    public void disabled(AuthenticationFailureDisabledEvent event) {
        refused(event, "login-refused-disabled");
    }

    private void refused(AbstractAuthenticationFailureEvent event, String action) {
        String name = event.getAuthentication().getName();
        audit.record(name, action, name, "from " + source(event.getAuthentication()),
                accounts.find(name).map(Account::municipality).orElse(null));
    }

    /** A successful login of an account starts its count afresh. */
    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        if (name != null && !agencies.isKnown(name)) {
            jdbc.update("DELETE FROM login_failure WHERE login_name = ?", name);
        }
    }

    private static String source(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "unknown";
    }
}
