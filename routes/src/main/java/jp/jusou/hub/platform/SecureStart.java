package jp.jusou.hub.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jusou.hub.connectors.Secrets;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.Profiles;

/**
 * Checks made before anything listens or connects, so that the hub never runs by a default, a guess
 * or a quiet configuration change: a profile must be chosen; outside the demo every secret must be a
 * real one and every listener and connection must use TLS unless a {@code hub.insecure.*} switch says
 * otherwise. In the demo it creates the demo CA and server certificate ({@link DemoCertificates})
 * before the web server and the broker read them. Registered in {@code META-INF/spring.factories}, so
 * every start of the hub (bin/hub, tests, a packaged jar) goes through it.
 */
public class SecureStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The secrets the hub's own settings hold (agency secrets are checked by connectors.Secrets). */
    static final List<String> SECRET_SETTINGS = List.of("hub.broker.password", "spring.datasource.password",
            "hub.broker.amqps.key-store-password");

    /**
     * Runs as the context's first bean factory post-processor: every property source is in place by
     * then (tests add theirs after the environment is prepared), and no bean exists yet, so neither the
     * web server nor the broker has read a certificate.
     */
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.addBeanFactoryPostProcessor(beanFactory -> check(context.getEnvironment()));
    }

    static void check(ConfigurableEnvironment environment) {
        if (environment.getActiveProfiles().length == 0) {
            throw new Refused(refusal("プロファイルが指定されていません。デモは --spring.profiles.active=demo、運用は --spring.profiles.active=external で起動してください",
                    "no profile is active. Start the demo with --spring.profiles.active=demo (e.g. bin/hub --spring.profiles.active=demo), a deployment with "
                            + "--spring.profiles.active=external and the settings of deploy/hub.env.example"));
        }
        if (environment.acceptsProfiles(Profiles.of("demo"))) {
            if (environment.getProperty("hub.tls.demo-ca", Boolean.class, false)) {
                createDemoCertificates(environment);
            }
            return;
        }
        List<String> problems = new ArrayList<>();
        secrets(environment).forEach((setting, value) -> weakness(value)
                .ifPresent(why -> problems.add(setting + describeSource(environment, setting) + ": " + why)));
        problems.addAll(plainConnections(environment));
        if (!problems.isEmpty()) {
            throw new Refused(refusal("次の設定が安全ではありません: " + String.join("; ", problems),
                    "these settings are not safe: " + String.join("; ", problems)));
        }
    }

    /** A start refused for safety: Boot prints its message alone ({@link RefusedStartAnalyzer}), without a stack trace. */
    public static final class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }

    /** Why a secret is refused outside the demo, or empty when it may be used (the rule agency secrets follow too). */
    public static Optional<String> weakness(String secret) {
        return Secrets.weakness(secret);
    }

    static String refusal(String japanese, String english) {
        return "起動を中止しました: " + japanese + "。 / Refusing to start: " + english + ".";
    }

    /** Setting name → value of every secret the hub's own settings hold (operator-side users included). */
    private static Map<String, String> secrets(ConfigurableEnvironment environment) {
        Map<String, String> secrets = new java.util.TreeMap<>();
        Binder binder = Binder.get(environment);
        binder.bind("hub.users", Bindable.mapOf(String.class, HubProperties.User.class)).orElse(Map.of())
                .forEach((name, user) -> secrets.put("hub.users." + name + ".password", user.password()));
        for (String setting : SECRET_SETTINGS) {
            if (setting.startsWith("hub.broker.amqps") && !environment.getProperty("hub.broker.amqps.enabled", Boolean.class, false)) {
                continue;
            }
            if (setting.equals("hub.broker.password") && environment.getProperty("hub.broker.embedded", Boolean.class, false)
                    && value(environment, setting).isEmpty()) {
                continue; // the embedded broker makes its own random password for the hub's in-VM login
            }
            secrets.put(setting, value(environment, setting));
        }
        return secrets;
    }

    /** Listeners and connections without TLS that no {@code hub.insecure.*} switch allows. */
    private static List<String> plainConnections(ConfigurableEnvironment environment) {
        List<String> problems = new ArrayList<>();
        boolean https = environment.getProperty("server.ssl.enabled", Boolean.class, true)
                && (!value(environment, "server.ssl.bundle").isBlank()
                || !value(environment, "server.ssl.certificate").isBlank()
                || !value(environment, "server.ssl.key-store").isBlank());
        if (!https && !insecure(environment, "plain-http")) {
            problems.add("server.ssl.bundle: HTTPS is not configured (or set hub.insecure.plain-http=true) / HTTPS が未設定です");
        }
        if (environment.getProperty("hub.http.plain-port", Integer.class, -1) >= 0 && !insecure(environment, "plain-http")) {
            problems.add("hub.http.plain-port: a plain HTTP connector (or set hub.insecure.plain-http=true) / 平文の HTTP は使えません");
        }
        String database = value(environment, "spring.datasource.url");
        if (database.startsWith("jdbc:postgresql:") && !database.contains("sslmode=verify-full") && !insecure(environment, "plain-database")) {
            problems.add("spring.datasource.url" + describeSource(environment, "spring.datasource.url")
                    + ": PostgreSQL needs sslmode=verify-full (or set hub.insecure.plain-database=true) / sslmode=verify-full が必要です");
        }
        String broker = value(environment, "hub.broker.url");
        if (!environment.getProperty("hub.broker.embedded", Boolean.class, false) && broker.contains("tcp://")
                && !broker.replace(" ", "").contains("sslEnabled=true") && !insecure(environment, "plain-broker")) {
            problems.add("hub.broker.url" + describeSource(environment, "hub.broker.url")
                    + ": the broker connection needs sslEnabled=true (or set hub.insecure.plain-broker=true) / sslEnabled=true が必要です");
        }
        return problems;
    }

    /** A setting's value; empty when absent or when it names an environment variable that is not set. */
    private static String value(ConfigurableEnvironment environment, String setting) {
        try {
            return environment.getProperty(setting, "");
        } catch (IllegalArgumentException unresolved) {
            return "";
        }
    }

    private static boolean insecure(ConfigurableEnvironment environment, String what) {
        return environment.getProperty("hub.insecure." + what, Boolean.class, false);
    }

    /** " (HUB_X)" when the setting is written as ${HUB_X} in application*.yaml, so the message names what to fix. */
    private static String describeSource(ConfigurableEnvironment environment, String setting) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> && source.containsProperty(setting)) {
                Object raw = source.getProperty(setting);
                String text = raw == null ? "" : raw.toString();
                if (text.startsWith("${") && text.endsWith("}")) {
                    return " (" + text.substring(2, text.length() - 1).split(":", 2)[0] + ")";
                }
                return "";
            }
        }
        return "";
    }

    private static void createDemoCertificates(ConfigurableEnvironment environment) {
        Path dir = Path.of(environment.getProperty("hub.data-dir", "./data"), "tls");
        String password = environment.getProperty("hub.broker.amqps.key-store-password", "");
        new DemoCertificates(dir, Clocks.hubClock(Clocks.offset(environment.getProperty(Clocks.OFFSET_PROPERTY))))
                .ensureServer(password.toCharArray());
    }
}
