package jp.jusou.hub.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jusou.hub.message.MunicipalityCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The per-person accounts in the database (table {@code hub_account}, shared by every instance):
 * add, list, enable/disable, reset a password, change a role. Passwords are stored only as hashes of
 * Spring Security's delegating encoder. Used by the hub and by {@code hubctl users} on the database.
 */
public class Accounts {

    public static final Set<String> ROLES = Set.of("OPERATOR", "AUDITOR", "ADMIN");
    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PasswordEncoder encoder;

    public Accounts(JdbcTemplate jdbc, Clock clock, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.encoder = encoder;
    }

    /** A new, enabled account; the password must be at least {@value #MIN_PASSWORD_LENGTH} characters. */
    public Account add(String name, String role, String municipality, String password) {
        checkName(name);
        checkPassword(password);
        return insert(name, checkRole(role), checkMunicipality(municipality), password);
    }

    /** Adds the account unless it exists (the demo's seed); no password rules. */
    public boolean addIfAbsent(String name, String role, String municipality, String password) {
        if (find(name).isPresent()) {
            return false;
        }
        try {
            insert(name, role, municipality, password);
            return true;
        } catch (AccountException e) {
            return false; // another instance seeded it at the same moment
        }
    }

    private Account insert(String name, String role, String municipality, String password) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.update("INSERT INTO hub_account (login_name, password_hash, role, municipality, enabled, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, TRUE, ?, ?)", name, encoder.encode(password), role, municipality, now, now);
        } catch (DuplicateKeyException e) {
            throw new AccountException(AccountException.Kind.conflict, "ACCOUNT_EXISTS",
                    "このアカウントは既にあります。", "This account already exists.");
        }
        return find(name).orElseThrow();
    }

    public List<Account> list() {
        return jdbc.query("SELECT * FROM hub_account ORDER BY login_name", ACCOUNT);
    }

    public Optional<Account> find(String name) {
        return jdbc.query("SELECT * FROM hub_account WHERE login_name = ?", ACCOUNT, name).stream().findFirst();
    }

    /** The stored hash, for the login check only. */
    Optional<String> passwordHash(String name) {
        return jdbc.query("SELECT password_hash FROM hub_account WHERE login_name = ?", (rs, i) -> rs.getString(1), name)
                .stream().findFirst();
    }

    /** Disabling also ends the account's console sessions on every instance. */
    public Account setEnabled(String name, boolean enabled) {
        Account account = update(name, "enabled = ?", enabled);
        if (!enabled) {
            endSessions(name);
        }
        return account;
    }

    /** A new password; also lifts a lock, forgets the failed logins and ends the account's sessions. */
    public Account resetPassword(String name, String password) {
        checkPassword(password);
        Account account = update(name, "password_hash = ?, locked_until = NULL", encoder.encode(password));
        jdbc.update("DELETE FROM login_failure WHERE login_name = ?", name);
        endSessions(name);
        return account;
    }

    /** A new role takes effect at the next login: the account's sessions end. */
    public Account setRole(String name, String role) {
        Account account = update(name, "role = ?", checkRole(role));
        endSessions(name);
        return account;
    }

    /**
     * Ends the account's console sessions (Spring Session JDBC's table, V12; its attributes go by the
     * cascade). In SQL rather than through the session repository, so that hubctl on the database does the same.
     */
    private void endSessions(String name) {
        jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", name);
    }

    private Account update(String name, String set, Object value) {
        int rows = jdbc.update("UPDATE hub_account SET " + set + ", updated_at = ? WHERE login_name = ?", value,
                Timestamp.from(clock.instant()), name);
        if (rows == 0) {
            throw AccountException.notFound();
        }
        return find(name).orElseThrow();
    }

    public boolean anyAdmin() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM hub_account WHERE role = 'ADMIN' AND enabled = TRUE", Integer.class);
        return n != null && n > 0;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccountException(AccountException.Kind.invalid, "INVALID_ACCOUNT_NAME",
                    "アカウント名は半角英小文字・数字・「.」「_」「-」で2〜64文字です。",
                    "An account name is 2 to 64 characters: a-z, 0-9, '.', '_', '-'.");
        }
    }

    static String checkRole(String role) {
        String r = role == null ? "" : role.strip().toUpperCase(java.util.Locale.ROOT);
        if (!ROLES.contains(r)) {
            throw new AccountException(AccountException.Kind.invalid, "INVALID_ROLE",
                    "ロールは OPERATOR・AUDITOR・ADMIN のいずれかです。", "The role is one of OPERATOR, AUDITOR, ADMIN.");
        }
        return r;
    }

    private static String checkMunicipality(String municipality) {
        if (municipality == null || municipality.isBlank()) {
            return null; // a provider account
        }
        if (!MunicipalityCode.isValid(municipality.strip())) {
            throw new AccountException(AccountException.Kind.invalid, "INVALID_MUNICIPALITY",
                    "自治体コードは検査数字の正しい6桁です。", "The municipality is a 6-digit code with a valid check digit.");
        }
        return municipality.strip();
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.startsWith("demo-")) {
            throw new AccountException(AccountException.Kind.invalid, "WEAK_PASSWORD",
                    "パスワードは" + MIN_PASSWORD_LENGTH + "文字以上で、demo- で始まらないものにしてください。",
                    "A password has at least " + MIN_PASSWORD_LENGTH + " characters and does not start with demo-.");
        }
    }

    private static final RowMapper<Account> ACCOUNT = (ResultSet rs, int i) -> new Account(rs.getString("login_name"),
            rs.getString("role"), rs.getString("municipality"), rs.getBoolean("enabled"), instant(rs, "locked_until"),
            instant(rs, "created_at"), instant(rs, "updated_at"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
