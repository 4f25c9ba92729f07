package jp.jusou.hub.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.TlsClients;
import jp.jusou.hub.cli.Hubctl;
import jp.jusou.hub.operations.AuditTrail;
import jp.jusou.hub.operations.ConsoleSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * People's accounts on a whole demo hub: admins manage them in the console and with hubctl (on the
 * database for the first admin, then through the API), operators may not; 10 wrong passwords lock an
 * account (the right one refused too, on the console and the API, audited with the source address)
 * until 15 minutes have passed on the hub's clock; the session cookie's flags; no password or agency
 * secret in the database or the logs.
 */
@Import(MovableClock.AsTheHubsClock.class)
@ExtendWith(OutputCaptureExtension.class)
class AccountsTest extends HubTestSupport {

    @Autowired
    MovableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    private SSLContext demoCa() {
        return TlsClients.context(Path.of(dataDir, "tls", "ca.pem"), null, null);
    }

    private ConsoleSession https() {
        return new ConsoleSession("https://127.0.0.1:" + httpsPort, demoCa());
    }

    private ConsoleSession loggedIn(String user, String password) {
        ConsoleSession session = https();
        assertThat(session.login(user, password)).as(user + " logs in").endsWith("/console/index.html");
        return session;
    }

    @Test
    void adminsManageAccountsInTheConsoleAndOperatorsMayNot() {
        ConsoleSession admin = loggedIn("admin", "demo-admin");
        HttpResponse<String> added = admin.post("/console/api/users",
                "{\"name\": \"sato.hanako\", \"role\": \"OPERATOR\", \"municipality\": \"402028\", \"password\": \"first-password-0001\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("first-password-0001", "bcrypt");
        assertThat(jdbc.queryForObject("SELECT password_hash FROM hub_account WHERE login_name = 'sato.hanako'", String.class))
                .as("the delegating encoder's bcrypt hash, not the password").startsWith("{bcrypt}$2").doesNotContain("first-password");
        assertThat(admin.post("/console/api/users", "{\"name\": \"sato.hanako\", \"role\": \"OPERATOR\", \"password\": \"another-password-01\"}")
                .statusCode()).isEqualTo(409);
        HttpResponse<String> weak = admin.post("/console/api/users", "{\"name\": \"weak\", \"role\": \"OPERATOR\", \"password\": \"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("WEAK_PASSWORD", "パスワード");
        assertThat(admin.post("/console/api/users", "{\"name\": \"omuta-kodomo\", \"role\": \"OPERATOR\", \"password\": \"agency-name-000001\"}")
                .statusCode()).as("an agency's id is not a person's name").isEqualTo(409);

        ConsoleSession person = loggedIn("sato.hanako", "first-password-0001");
        JsonNode me = ConsoleSession.json(person.get("/console/api/me"));
        assertThat(me.path("user").asText()).isEqualTo("sato.hanako");
        assertThat(me.path("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        assertThat(me.path("municipality").asText()).isEqualTo("402028");
        // operators (and this new one) may not manage accounts, neither read nor change
        assertThat(person.get("/console/api/users").statusCode()).isEqualTo(403);
        assertThat(loggedIn("operator", "demo-operator").post("/console/api/users",
                "{\"name\": \"sneaky\", \"role\": \"ADMIN\", \"password\": \"sneaky-password-001\"}").statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_account WHERE login_name = 'sneaky'", Integer.class)).isZero();

        assertThat(admin.post("/console/api/users/sato.hanako/role", "{\"role\": \"AUDITOR\"}").statusCode()).isEqualTo(200);
        assertThat(person.get("/console/api/me").statusCode()).as("a changed role ends the account's sessions").isEqualTo(401);
        assertThat(ConsoleSession.json(loggedIn("sato.hanako", "first-password-0001").get("/console/api/me")).path("roles").toString())
                .isEqualTo("[\"AUDITOR\"]");
        assertThat(admin.post("/console/api/users/sato.hanako/password", "{\"password\": \"second-password-002\"}").statusCode())
                .isEqualTo(200);
        assertThat(https().login("sato.hanako", "first-password-0001")).contains("/console/login?error");
        ConsoleSession before = loggedIn("sato.hanako", "second-password-002");
        assertThat(admin.post("/console/api/users/sato.hanako/disable", "{}").statusCode()).isEqualTo(200);
        assertThat(before.get("/console/api/me").statusCode()).as("disabling ends the account's sessions").isEqualTo(401);
        assertThat(https().login("sato.hanako", "second-password-002")).as("disabled").contains("/console/login?error");
        assertThat(admin.post("/console/api/users/sato.hanako/enable", "{}").statusCode()).isEqualTo(200);
        loggedIn("sato.hanako", "second-password-002");
        assertThat(admin.post("/console/api/users/nobody/disable", "{}").statusCode()).isEqualTo(404);

        List<String> actions = audit.recent(null, 200).stream().filter(e -> "sato.hanako".equals(e.target()) && "admin".equals(e.actor()))
                .map(AuditTrail.Event::action).toList();
        assertThat(actions).contains("account-add", "account-role", "account-password-reset", "account-disable", "account-enable");
        assertThat(audit.recent("login-refused-disabled", 50)).anyMatch(e -> "sato.hanako".equals(e.actor()));
    }

    @Test
    void onlyAdminsReachTheAccountsEndpoints() throws Exception {
        var https = TlsClients.http(demoCa());
        String users = "https://127.0.0.1:" + httpsPort + "/api/v1/users";
        assertThat(TlsClients.get(https, users, null, null).statusCode()).as("anonymous").isEqualTo(401);
        for (String agency : List.of("omuta-kodomo", "omuta-takikan", "kurume-houkatsu-1")) {
            assertThat(TlsClients.get(https, users, agency, "demo-" + agency).statusCode()).as(agency).isEqualTo(403);
        }
        for (String person : List.of("operator", "auditor", "omuta-operator", "kurume-operator")) {
            assertThat(TlsClients.get(https, users, person, "demo-" + person).statusCode()).as(person).isEqualTo(403);
            assertThat(loggedIn(person, "demo-" + person).get("/console/api/users").statusCode()).as(person + " in the console")
                    .isEqualTo(403);
        }
        assertThat(TlsClients.get(https, users, "prometheus", "demo-prometheus").statusCode()).as("the scraper").isEqualTo(403);
        assertThat(TlsClients.get(https, users, "admin", "demo-admin").statusCode()).isEqualTo(200);
        HttpResponse<String> agencyInConsole = new HttpAgency("http://127.0.0.1:" + httpPort, "omuta-kodomo", "demo-omuta-kodomo")
                .post("/api/v1/users", "{\"name\": \"x-agency\", \"role\": \"ADMIN\", \"password\": \"agency-made-admin-1\"}");
        assertThat(agencyInConsole.statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminOfOneMunicipalityManagesOnlyItsAccounts() {
        ConsoleSession admin = loggedIn("admin", "demo-admin");
        assertThat(admin.post("/console/api/users", "{\"name\": \"omuta-admin\", \"role\": \"ADMIN\", \"municipality\": \"402028\","
                + " \"password\": \"omuta-admin-pass-01\"}").statusCode()).isEqualTo(201);
        ConsoleSession omutaAdmin = loggedIn("omuta-admin", "omuta-admin-pass-01");
        String names = omutaAdmin.get("/console/api/users").body();
        assertThat(names).contains("omuta-operator").doesNotContain("kurume-operator", "\"admin\"");
        assertThat(omutaAdmin.post("/console/api/users/kurume-operator/disable", "{}").statusCode())
                .as("another municipality's account is as if it did not exist").isEqualTo(404);
        assertThat(omutaAdmin.post("/console/api/users", "{\"name\": \"kurume-2\", \"role\": \"OPERATOR\", \"municipality\": \"402036\","
                + " \"password\": \"kurume-two-pass-01\"}").statusCode()).isEqualTo(403);
        assertThat(omutaAdmin.post("/console/api/users", "{\"name\": \"vendor-2\", \"role\": \"ADMIN\","
                + " \"password\": \"vendor-two-pass-01\"}").statusCode()).as("nor a provider account").isEqualTo(403);
    }

    @Test
    void hubctlMakesTheFirstAdminOnTheDatabaseThenManagesAccountsThroughTheApi() throws Exception {
        Map<String, String> onDatabase = Map.of("HUB_DB_URL", databaseUrl, "HUB_DB_USER", "hub", "HUB_DB_PASSWORD", "");
        Run first = hubctl(onDatabase, "chosen-admin-pass-01\n", "users", "add", "yamada.admin", "--role", "ADMIN", "--password-stdin");
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("yamada.admin: added (ADMIN, all municipalities)").doesNotContain("chosen-admin-pass-01");
        assertThat(audit.recent("account-add", 50)).anyMatch(e -> "yamada.admin".equals(e.target()) && e.actor().startsWith("hubctl:"));
        // the new admin works over HTTPS at once
        assertThat(TlsClients.get(TlsClients.http(demoCa()), "https://127.0.0.1:" + httpsPort + "/api/v1/users", "yamada.admin",
                "chosen-admin-pass-01").statusCode()).isEqualTo(200);

        Map<String, String> asAdmin = Map.of("HUB_URL", "http://127.0.0.1:" + httpPort, "HUB_USER", "yamada.admin",
                "HUB_PASSWORD", "chosen-admin-pass-01");
        Run add = hubctl(asAdmin, "", "users", "add", "kimura.ope", "--role", "operator", "--municipality", "402036");
        assertThat(add.code).as(add.err).isZero();
        String generated = shownPassword(add.out);
        assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "kimura.ope", generated).get("/api/v1/quarantine").statusCode())
                .isEqualTo(200);

        Run list = hubctl(asAdmin, "", "users", "list");
        assertThat(list.code).isZero();
        assertThat(list.out).contains("kimura.ope", "OPERATOR", "402036", "yamada.admin", "(all)", "active").doesNotContain(generated);

        Run reset = hubctl(asAdmin, "", "users", "reset-password", "kimura.ope");
        assertThat(reset.code).as(reset.err).isZero();
        String second = shownPassword(reset.out);
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "kimura.ope", generated).get("/api/v1/quarantine").statusCode())
                .isEqualTo(401);
        assertThat(hubctl(asAdmin, "", "users", "set-role", "kimura.ope", "AUDITOR").code).isZero();
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "kimura.ope", second).get("/api/v1/quarantine").statusCode())
                .as("an auditor is not an operator").isEqualTo(403);
        assertThat(hubctl(asAdmin, "", "users", "disable", "kimura.ope").code).isZero();
        assertThat(hubctl(asAdmin, "", "users", "list").out).contains("disabled");
        Run onDatabaseList = hubctl(onDatabase, "", "users", "list");
        assertThat(onDatabaseList.code).as(onDatabaseList.err).isZero();
        assertThat(onDatabaseList.out).containsPattern("kimura\\.ope +AUDITOR +402036 +disabled")
                .containsPattern("yamada\\.admin +ADMIN +\\(all\\) +active");

        Run operator = hubctl(Map.of("HUB_URL", "http://127.0.0.1:" + httpPort, "HUB_USER", "operator", "HUB_PASSWORD", "demo-operator"),
                "", "users", "list");
        assertThat(operator.code).as("an operator may not manage accounts").isEqualTo(1);
        assertThat(operator.err).contains("403");
        assertThat(hubctl(onDatabase, "", "users", "add", "bad name", "--role", "ADMIN").err).contains("INVALID_ACCOUNT_NAME");
    }

    @Test
    void tenWrongPasswordsLockTheAccountUntilFifteenMinutesHavePassed() {
        ConsoleSession admin = loggedIn("admin", "demo-admin");
        assertThat(admin.post("/console/api/users", "{\"name\": \"suzuki.lock\", \"role\": \"OPERATOR\", \"municipality\": \"402028\","
                + " \"password\": \"the-right-password-1\"}").statusCode()).isEqualTo(201);
        SSLContext tls = demoCa();
        // nine on the console's login form, the tenth with Basic on the API: both count, over HTTPS
        for (int i = 0; i < 9; i++) {
            assertThat(https().login("suzuki.lock", "wrong-password-" + i)).contains("/console/login?error");
        }
        assertThat(basic(tls, "suzuki.lock", "wrong-password-9")).isEqualTo(401);

        assertThat(https().login("suzuki.lock", "the-right-password-1")).as("locked: the right password is refused")
                .contains("/console/login?error");
        assertThat(basic(tls, "suzuki.lock", "the-right-password-1")).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT locked_until FROM hub_account WHERE login_name = 'suzuki.lock'", java.sql.Timestamp.class))
                .as("the lock is in the database, for every instance").isNotNull();

        List<AuditTrail.Event> failures = audit.recent("login-failed", 100).stream().filter(e -> "suzuki.lock".equals(e.actor())).toList();
        assertThat(failures).hasSize(10).allSatisfy(e -> assertThat(e.detail()).isEqualTo("from 127.0.0.1"));
        assertThat(audit.recent("account-locked", 10)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("suzuki.lock");
            assertThat(e.detail()).contains("10 failed logins", "127.0.0.1");
            assertThat(e.municipality()).isEqualTo("402028");
        });
        assertThat(audit.recent("login-refused-locked", 10)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.detail()).isEqualTo("from 127.0.0.1"));
        assertThat(ConsoleSession.json(admin.get("/console/api/users")).findValues("lockedUntil").stream()
                .anyMatch(v -> !v.isNull())).isTrue();

        clock.advance(Duration.ofMinutes(14));
        assertThat(basic(tls, "suzuki.lock", "the-right-password-1")).as("still locked after 14 minutes").isEqualTo(401);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(basic(tls, "suzuki.lock", "the-right-password-1")).as("unlocked after 15 minutes").isEqualTo(200);
        loggedIn("suzuki.lock", "the-right-password-1");
        // a wrong name is audited without echoing it (people type passwords into the name field)
        assertThat(https().login("the-right-password-1", "x")).contains("error");
        assertThat(audit.recent("login-failed", 100)).noneMatch(e -> e.toString().contains("the-right-password-1"))
                .anyMatch(e -> "unknown".equals(e.actor()));
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndSecureOverHttps() {
        ConsoleSession overHttps = loggedIn("operator", "demo-operator");
        String cookie = sessionCookie(overHttps);
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Secure");
        ConsoleSession plain = new ConsoleSession(httpPort); // the demo's 127.0.0.1 HTTP: a Secure cookie would never come back
        plain.login("operator", "demo-operator");
        assertThat(sessionCookie(plain)).contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
    }

    @Test
    void noPasswordAndNoAgencySecretIsStoredInClearOrLogged(CapturedOutput output) {
        loggedIn("operator", "demo-operator");
        new HttpAgency("http://127.0.0.1:" + httpPort, "omuta-kodomo", "demo-omuta-kodomo").get("/api/v1/inbox?max=1");
        https().login("omuta-operator", "demo-wrong-guess");
        List<String> secrets = List.of("demo-operator", "demo-admin", "demo-auditor", "demo-omuta-operator", "demo-omuta-kodomo",
                "demo-omuta-houkatsu-1", "demo-kurume-houkatsu-1", "demo-wrong-guess");
        for (Map<String, Object> column : jdbc.queryForList("SELECT table_name, column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND data_type IN ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT')")) {
            String table = (String) column.get("TABLE_NAME");
            String name = (String) column.get("COLUMN_NAME");
            for (String secret : secrets) {
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"" + table + "\" WHERE \"" + name + "\" LIKE ?", Integer.class,
                        "%" + secret + "%")).as(table + "." + name + " holds " + secret).isZero();
            }
        }
        assertThat(output.getAll()).doesNotContain(secrets.toArray(String[]::new));
    }

    private int basic(SSLContext tls, String user, String password) {
        try {
            return TlsClients.get(TlsClients.http(tls), "https://127.0.0.1:" + httpsPort + "/api/v1/quarantine", user, password).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sessionCookie(ConsoleSession session) {
        return session.lastLogin().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + session.lastLogin().headers()));
    }

    private static String shownPassword(String out) {
        Matcher m = Pattern.compile("password \\(shown once\\): (\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run hubctl(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Hubctl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
