package jp.jusou.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.accounts.Account;
import jp.jusou.hub.accounts.AccountException;
import jp.jusou.hub.accounts.Accounts;
import jp.jusou.hub.operations.AuditTrail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code hubctl users …}: people's accounts. With {@code HUB_DB_URL} (and {@code HUB_DB_USER},
 * {@code HUB_DB_PASSWORD}) set it works on the hub's database directly: that is how the first admin
 * of a new hub is made (there is no default account), and it is audited as {@code hubctl:<os user>}.
 * Otherwise it calls the hub's {@code /api/v1/users} as an admin ({@code HUB_USER}, {@code HUB_PASSWORD}).
 * A password is read from standard input with {@code --password-stdin}; without it a random one is
 * made and printed once.
 */
final class HubctlUsers {

    interface Remote {
        int call(String method, String path, String body, String contentType, Printer printer) throws IOException;
    }

    interface Printer {
        void print(JsonNode body) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final InputStream in;
    private final Clock clock;
    private final Remote remote;
    private final ObjectMapper json = new ObjectMapper();

    HubctlUsers(PrintStream out, PrintStream err, Map<String, String> env, InputStream in, Clock clock, Remote remote) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.in = in;
        this.clock = clock;
        this.remote = remote;
    }

    /** Returns the exit code; 2 for a usage error. */
    int run(List<String> args) throws IOException {
        if (args.isEmpty()) {
            return -2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String name = rest.isEmpty() ? null : rest.get(0);
        return switch (command) {
            case "list" -> list();
            case "add" -> name == null || option(rest, "--role") == null ? -2
                    : add(name, option(rest, "--role"), option(rest, "--municipality"), password(rest));
            case "disable", "enable" -> name == null ? -2 : change(name, command, null);
            case "reset-password" -> name == null ? -2 : change(name, "password", password(rest));
            case "set-role" -> rest.size() != 2 ? -2 : change(name, "role", rest.get(1));
            default -> -2;
        };
    }

    private boolean database() {
        String url = env.get("HUB_DB_URL");
        return url != null && !url.isBlank();
    }

    private int list() throws IOException {
        if (database()) {
            return local(accounts -> {
                header();
                for (Account a : accounts.list()) {
                    row(a.name(), a.role(), a.municipality(), a.enabled(), a.lockedAt(clock.instant()) ? a.lockedUntil().toString() : null);
                }
                return 0;
            });
        }
        return remote.call("GET", "/api/v1/users", null, null, body -> {
            header();
            for (JsonNode a : body) {
                JsonNode locked = a.path("lockedUntil");
                row(a.path("name").asText(), a.path("role").asText(), a.path("municipality").isNull() ? null : a.path("municipality").asText(),
                        a.path("enabled").asBoolean(), locked.isNull() || locked.isMissingNode() || !lockedNow(locked.asText()) ? null
                                : locked.asText());
            }
        });
    }

    private int add(String name, String role, String municipality, Secret password) throws IOException {
        if (database()) {
            return local(accounts -> {
                Account account = accounts.add(name, role, municipality, password.value());
                audit().record(actor(), "account-add", name, "role " + account.role() + ", municipality "
                        + (account.municipality() == null ? "all" : account.municipality()), account.municipality());
                done(name + ": added (" + account.role() + ", " + where(account.municipality()) + ")", password);
                return 0;
            });
        }
        ObjectNode body = json.createObjectNode().put("name", name).put("role", role).put("municipality", municipality)
                .put("password", password.value());
        return remote.call("POST", "/api/v1/users", json.writeValueAsString(body), "application/json",
                answer -> done(name + ": added (" + answer.path("role").asText() + ", "
                        + where(answer.path("municipality").isNull() ? null : answer.path("municipality").asText()) + ")", password));
    }

    private int change(String name, String what, Object value) throws IOException {
        if (database()) {
            return local(accounts -> {
                Account account = switch (what) {
                    case "disable", "enable" -> accounts.setEnabled(name, "enable".equals(what));
                    case "password" -> accounts.resetPassword(name, ((Secret) value).value());
                    default -> accounts.setRole(name, (String) value);
                };
                audit().record(actor(), switch (what) {
                    case "password" -> "account-password-reset";
                    case "role" -> "account-role";
                    default -> "account-" + what;
                }, name, "role".equals(what) ? "role " + account.role() : null, account.municipality());
                done(name + ": " + summary(what, account.role()), value instanceof Secret s ? s : null);
                return 0;
            });
        }
        String path = "/api/v1/users/" + name + "/" + what;
        String body = switch (what) {
            case "password" -> json.writeValueAsString(json.createObjectNode().put("password", ((Secret) value).value()));
            case "role" -> json.writeValueAsString(json.createObjectNode().put("role", (String) value));
            default -> "{}";
        };
        return remote.call("POST", path, body, "application/json",
                answer -> done(name + ": " + summary(what, answer.path("role").asText()), value instanceof Secret s ? s : null));
    }

    private static String summary(String what, String role) {
        return switch (what) {
            case "disable" -> "disabled";
            case "enable" -> "enabled";
            case "password" -> "password reset";
            default -> "role " + role;
        };
    }

    private static String where(String municipality) {
        return municipality == null ? "all municipalities" : "municipality " + municipality;
    }

    private void done(String line, Secret password) {
        out.println(line);
        if (password != null && password.generated()) {
            out.println("password (shown once): " + password.value());
        }
    }

    /** A lock's end as the API gives it (ISO-8601); a past one is no lock. */
    private boolean lockedNow(String until) {
        try {
            return java.time.Instant.parse(until).isAfter(clock.instant());
        } catch (java.time.format.DateTimeParseException e) {
            return true; // shown as given
        }
    }

    private void header() {
        out.println(String.format("%-24s %-9s %-12s %s", "NAME", "ROLE", "MUNICIPALITY", "STATE"));
    }

    private void row(String name, String role, String municipality, boolean enabled, String lockedUntil) {
        String state = !enabled ? "disabled" : lockedUntil == null ? "active" : "locked until " + lockedUntil;
        out.println(String.format("%-24s %-9s %-12s %s", name, role, municipality == null ? "(all)" : municipality, state));
    }

    private record Secret(String value, boolean generated) {
    }

    private Secret password(List<String> args) throws IOException {
        if (args.contains("--password-stdin")) {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return new Secret(line == null ? "" : line.strip(), false);
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    // ---- directly on the database ----

    private JdbcTemplate jdbc;

    private interface Work {
        int run(Accounts accounts) throws IOException;
    }

    private int local(Work work) throws IOException {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(env.get("HUB_DB_URL"), env.getOrDefault("HUB_DB_USER", ""),
                env.getOrDefault("HUB_DB_PASSWORD", "")));
        try {
            return work.run(new Accounts(jdbc, clock, PasswordEncoderFactories.createDelegatingPasswordEncoder()));
        } catch (AccountException e) {
            err.println("hubctl: " + e.code() + ": " + e.en() + " / " + e.ja());
            return 1;
        } catch (org.springframework.dao.DataAccessException e) {
            err.println("hubctl: the database at HUB_DB_URL cannot be used (" + e.getClass().getSimpleName()
                    + "); start the hub on it once first, it creates the tables");
            return 3;
        }
    }

    private AuditTrail audit() {
        return new AuditTrail(jdbc, clock, null); // events with an explicit municipality do not look agencies up
    }

    private static String actor() {
        return "hubctl:" + System.getProperty("user.name", "unknown");
    }
}
