package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorLauncher.SecretSource;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The route of one transport in one direction, instantiated once per connector (in the manner of a
 * Kamelet): the template owns the endpoint it polls or writes to and the steps around it; its settings
 * come from the connector definition, with the defaults the connector schema declares
 * ({@code connectors/schema/connector.schema.json}, read through {@code TransportSettings}). Adding a
 * transport is adding one such component; {@link ConnectorTemplates} finds it by transport name.
 */
interface ConnectorTemplate {

    enum Direction { INBOUND, OUTBOUND }

    /** The transport name as written in a connector definition ({@code transport: sftp}). */
    String transport();

    Direction direction();

    /** Adds this transport's route for one connector to {@code routes}, started from {@link Instance#from}. */
    void define(RouteBuilder routes, Instance connector);

    /** One connector's values for a template: its definition, the route's id, whether it starts paused, its secrets. */
    record Instance(ConnectorDefinition definition, String routeId, boolean paused, SecretSource secrets) {

        /** The route, with its id and start-up, consuming from {@code uri}. */
        RouteDefinition from(RouteBuilder routes, String uri) {
            return routes.from(uri).routeId(routeId).autoStartup(!paused);
        }

        /** The route consuming the connector's outbound queue, one message at a time (in its JMS transaction). */
        RouteDefinition fromOutboundQueue(RouteBuilder routes) {
            return from(routes, Messaging.COMPONENT + ":queue:" + definition.agency().outboundQueue() + "?concurrentConsumers=1");
        }
    }
}
