package jp.jusou.hub.platform;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The readiness probe's view of the broker ({@code management.endpoint.health.group.readiness}): DOWN
 * while a connection of the hub's is cut off from it (reconnecting, or failing over to the backup), so
 * a load balancer sends HTTP submits to another instance meanwhile. Answers at once from the
 * connections' own failover events ({@link TrackedConnectionFactory}).
 */
@Component("broker")
class BrokerHealth implements HealthIndicator {

    private final Messaging.ListenerConnections listeners;
    private final ProducerPool producers;

    BrokerHealth(Messaging.ListenerConnections listeners, ProducerPool producers) {
        this.listeners = listeners;
        this.producers = producers;
    }

    @Override
    public Health health() {
        int cutOff = listeners.factory().cutOffConnections() + producers.producers().cutOffConnections();
        return cutOff == 0 ? Health.up().build()
                : Health.down().withDetail("reason", "broker unreachable").withDetail("connectionsReconnecting", cutOff).build();
    }
}
