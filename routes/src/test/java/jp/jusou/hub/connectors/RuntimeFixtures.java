package jp.jusou.hub.connectors;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.jusou.hub.agencies.AgencyDirectory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.mock.env.MockEnvironment;

/**
 * The connector runtime's parts without a hub: the registry on its own in-memory database (the
 * real migrations), a launcher that records what it was asked, secrets from a mock environment.
 */
final class RuntimeFixtures {

    static final String SECRET = "a-long-enough-agency-secret-1";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-04-01T00:00:00Z"), ZoneOffset.UTC);

    private RuntimeFixtures() {
    }

    /** A registry on a fresh in-memory database with the connector tables as the migrations create them. */
    static ConnectorRegistry registry() {
        DriverManagerDataSource data = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V8__connector_registry.sql"),
                new ClassPathResource("db/migration/V9__connector_mappings.sql")).execute(data);
        return new ConnectorRegistry(new JdbcTemplate(data));
    }

    static Secrets secrets() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("test");
        env.setProperty("HUB_SECRET_OMUTA_KODOMO", SECRET);
        env.setProperty("HUB_SECRET_OMUTA_SANKA", SECRET);
        return new Secrets(env);
    }

    static ConnectorProperties properties(Path exchange) {
        return new ConnectorProperties("classpath*:no-such-dir/*.yaml", "", "classpath:connectors/mappings/", Duration.ofSeconds(2),
                Duration.ofSeconds(1), exchange.toString(), exchange.resolve("secrets").toString(), null, 16_777_216);
    }

    /** A broker-only connector of omuta-kodomo; {@code name} tells versions apart. */
    static ConnectorDefinition kodomo(String name) {
        return new ConnectorDefinitions(id -> false).parse("omuta-kodomo.yaml", """
                agency: {id: omuta-kodomo, name: %s, kind: kodomo, municipality: "402028", operator: 大牟田市}
                secret: {env: HUB_SECRET_OMUTA_KODOMO}
                inbound: {transport: broker}
                outbound: {transport: broker}
                """.formatted(name));
    }

    /** Records every call; {@link #failStart} makes {@code start} of those agencies throw. */
    static final class FakeLauncher implements ConnectorLauncher {
        final List<String> calls = new ArrayList<>();
        final Set<String> failStart = new HashSet<>();
        final List<String> knownAtStart = new ArrayList<>();
        AgencyDirectory directory;
        boolean drains = true;

        @Override
        public void start(ConnectorDefinition definition, boolean paused, SecretSource secrets) {
            if (directory != null) {
                knownAtStart.add(definition.id() + "=" + directory.isKnown(definition.id()));
            }
            calls.add("start " + definition.id() + " " + definition.agency().name() + (paused ? " paused" : "")
                    + " secret=" + secrets.agencySecret());
            if (failStart.contains(definition.id())) {
                throw new IllegalStateException("route failed", new java.io.IOException("port in use"));
            }
        }

        @Override
        public void stop(String agencyId) {
            calls.add("stop " + agencyId);
        }

        @Override
        public void pause(String agencyId) {
            calls.add("pause " + agencyId);
        }

        @Override
        public void resume(String agencyId) {
            calls.add("resume " + agencyId);
        }

        @Override
        public void stopInput(String agencyId) {
            calls.add("stopInput " + agencyId);
        }

        @Override
        public void resumeInput(String agencyId) {
            calls.add("resumeInput " + agencyId);
        }

        @Override
        public boolean drain(String agencyId, Duration timeout) {
            calls.add("drain " + agencyId);
            return drains;
        }
    }
}
