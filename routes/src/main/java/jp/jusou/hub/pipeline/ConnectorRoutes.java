package jp.jusou.hub.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorLauncher;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.BrokerQueues;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * The Camel routes of each deployed connector, added to and removed from the running CamelContext
 * (no reload, no restart). Every agency has its intake route ({@code hub.inbound.<id>} → pipeline);
 * the connector's transports add their routes from {@link ConnectorTemplates}, one template per
 * transport and direction: the file and SFTP inbound templates a poller that turns files into messages
 * on that queue, the file, SFTP and webhook outbound templates a consumer of {@code hub.outbound.<id>}
 * that hands each message to the agency's system.
 *
 * <pre>
 * intake-broker-&lt;id&gt;  hub.inbound.&lt;id&gt; → pipeline                         [JMS transaction]
 * connector-&lt;id&gt;-in   file | sftp → read (json | csv mapping) → hub.inbound.&lt;id&gt; → done/ | error/ + report
 * connector-&lt;id&gt;-out  hub.outbound.&lt;id&gt; → write file | sftp | POST webhook    [JMS transaction: nothing lost]
 * </pre>
 */
@Component
class ConnectorRoutes implements ConnectorLauncher {

    private final CamelContext camel;
    private final HubProperties hub;
    private final ConnectorTemplates templates;
    private final BrokerQueues brokerQueues;
    private final Map<String, List<String>> routes = new ConcurrentHashMap<>();

    ConnectorRoutes(CamelContext camel, HubProperties hub, ConnectorTemplates templates, BrokerQueues brokerQueues) {
        this.camel = camel;
        this.hub = hub;
        this.templates = templates;
        this.brokerQueues = brokerQueues;
    }

    static String intakeRouteId(String agencyId) {
        return "intake-broker-" + agencyId;
    }

    static String inRouteId(String agencyId) {
        return "connector-" + agencyId + "-in";
    }

    static String outRouteId(String agencyId) {
        return "connector-" + agencyId + "-out";
    }

    @Override
    public synchronized void start(ConnectorDefinition definition, boolean paused, SecretSource secrets) throws Exception {
        String id = definition.id();
        List<String> ids = new ArrayList<>();
        RouteBuilder builder = new RouteBuilder(camel) {
            @Override
            public void configure() throws Exception {
                RouteDefinition intake = from(Messaging.COMPONENT + ":queue:" + definition.agency().inboundQueue()
                        + "?concurrentConsumers=" + hub.intake().concurrentConsumers())
                        .routeId(intakeRouteId(id)).autoStartup(!paused)
                        .setProperty(PipelineRoutes.AUTHENTICATED_AGENCY, constant(id));
                intake.to(PipelineRoutes.PIPELINE);
                ids.add(intakeRouteId(id));

                // one template per transport and direction; a transport without one has no hub route here
                ConnectorTemplate.Instance in = new ConnectorTemplate.Instance(definition, inRouteId(id), paused, secrets);
                templates.find(definition.inbound().type(), ConnectorTemplate.Direction.INBOUND).ifPresent(template -> {
                    template.define(this, in);
                    ids.add(in.routeId());
                });
                ConnectorTemplate.Instance out = new ConnectorTemplate.Instance(definition, outRouteId(id), paused, secrets);
                templates.find(definition.outbound().type(), ConnectorTemplate.Direction.OUTBOUND).ifPresent(template -> {
                    template.define(this, out);
                    ids.add(out.routeId());
                });
            }
        };
        try {
            camel.addRoutes(builder);
            for (String routeId : ids) {
                if (!paused && camel.getRouteController().getRouteStatus(routeId) != ServiceStatus.Started) {
                    camel.getRouteController().startRoute(routeId);
                }
            }
        } catch (Exception e) {
            for (String routeId : ids) {
                removeQuietly(routeId);
            }
            throw e;
        }
        routes.put(id, ids);
    }

    @Override
    public synchronized void stop(String agencyId) {
        List<String> ids = routes.remove(agencyId);
        if (ids == null) {
            return;
        }
        // pollers first, the intake last: what a poller handed in is still taken through the pipeline
        for (int i = ids.size() - 1; i >= 0; i--) {
            removeQuietly(ids.get(i));
        }
    }

    private void removeQuietly(String routeId) {
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Route " + routeId + " could not be removed", e);
        }
    }

    @Override
    public synchronized void pause(String agencyId) throws Exception {
        for (String routeId : routes.getOrDefault(agencyId, List.of())) {
            camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void resume(String agencyId) throws Exception {
        for (String routeId : routes.getOrDefault(agencyId, List.of())) {
            camel.getRouteController().startRoute(routeId);
        }
    }

    @Override
    public synchronized void stopInput(String agencyId) throws Exception {
        if (routes.getOrDefault(agencyId, List.of()).contains(inRouteId(agencyId))) {
            camel.getRouteController().stopRoute(inRouteId(agencyId), 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void resumeInput(String agencyId) throws Exception {
        if (routes.getOrDefault(agencyId, List.of()).contains(inRouteId(agencyId))) {
            camel.getRouteController().startRoute(inRouteId(agencyId));
        }
    }

    /**
     * Waits until the agency's inbound queue is empty on every instance: the broker's message count
     * includes the messages delivered to a consumer and not yet acknowledged, i.e. those in flight in any
     * instance's transaction (on one broker, the one all instances share); this instance's own in-flight
     * exchanges are checked as well. Empty three times in a row counts as drained.
     */
    @Override
    public boolean drain(String agencyId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String queue = BrokerNames.inbound(agencyId);
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long onBroker = brokerQueues.messageCount(queue);
            Route intake = camel.getRoute(intakeRouteId(agencyId));
            int inFlight = intake == null ? 0 : camel.getInflightRepository().size(intakeRouteId(agencyId));
            quiet = (onBroker == 0 && inFlight == 0) ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
