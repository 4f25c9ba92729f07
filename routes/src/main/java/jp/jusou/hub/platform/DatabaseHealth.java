package jp.jusou.hub.platform;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The readiness probe's view of the database ({@code management.endpoint.health.group.readiness}):
 * DOWN while {@link DatabaseAvailability} cannot reach it, so a load balancer sends HTTP submits to
 * another instance. Answers at once (the probe runs on its own schedule), unlike a pooled connection
 * check, which would wait for the pool's connection timeout.
 */
@Component("database")
class DatabaseHealth implements HealthIndicator {

    private final DatabaseAvailability database;

    public DatabaseHealth(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    public Health health() {
        return database.available() ? Health.up().build() : Health.down().withDetail("reason", "database unreachable").build();
    }
}
