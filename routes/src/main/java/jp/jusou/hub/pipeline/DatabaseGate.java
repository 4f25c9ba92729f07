package jp.jusou.hub.pipeline;

import java.time.Duration;
import jp.jusou.hub.platform.DatabaseAvailability;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds every consumer (broker queues, file and SFTP pollers) while the database is unreachable, on
 * every route including those a connector adds later (a route policy factory, which Camel applies to
 * each new route).
 *
 * <ul>
 *   <li>Before a message is taken on: if the database is known to be unreachable, the consumer waits
 *       until it is back. The message stays in its transaction and is not rolled back, so its
 *       delivery count does not grow however long the outage lasts.</li>
 *   <li>After a message failed with a connection error (the outage began while it was in flight):
 *       the consumer waits until the database is back and only then rolls back. That costs the message
 *       one delivery, once per outage; the broker's dead-lettering (6) is never reached by an outage,
 *       nothing is marked failed, and the redelivered message is processed at once, still first of its
 *       case (the inbound queues redeliver to the head with no delay).</li>
 * </ul>
 * The pipeline's {@code direct:} route runs inside the intake route's exchange and is not gated twice.
 */
@Component
class DatabaseGate implements RoutePolicyFactory {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGate.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final DatabaseAvailability database;

    public DatabaseGate(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                if (gated(route) && !database.available()) {
                    log.debug("Route {} waits for the database before it takes a message", route.getRouteId());
                    database.awaitAvailable(POLL);
                }
            }

            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                Exception failure = exchange.getException();
                if (gated(route) && failure != null && DatabaseAvailability.isConnectionFailure(failure) && !database.suspect()) {
                    log.info("Route {}: a message failed because the database is unreachable; it rolls back when the database is back",
                            route.getRouteId());
                    database.awaitAvailable(POLL);
                }
            }
        };
    }

    static boolean gated(Route route) {
        return !route.getEndpoint().getEndpointUri().startsWith("direct:");
    }
}
