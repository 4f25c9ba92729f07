package jp.jusou.hub.pipeline;

import jp.jusou.hub.connectors.Agency;
import jp.jusou.hub.connectors.AgencyDirectory;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One consumer route per agency: {@code hub.inbound.<agency>} → the pipeline. The queue an agency
 * can write to is its identity (the broker lets agency X send only to hub.inbound.X), so the route
 * tells the pipeline which agency is authenticated. Concurrent consumers keep per-case order through
 * message groups (JMSXGroupID), which the HTTP intake sets and broker senders should set.
 */
@Component
public class IntakeRoutes extends RouteBuilder {

    private final AgencyDirectory directory;
    private final HubProperties properties;

    public IntakeRoutes(AgencyDirectory directory, HubProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    @Override
    public void configure() {
        for (Agency agency : directory.all()) {
            from(Messaging.COMPONENT + ":queue:" + agency.inboundQueue()
                    + "?concurrentConsumers=" + properties.intake().concurrentConsumers())
                    .routeId("intake-broker-" + agency.id())
                    .setProperty(PipelineRoutes.AUTHENTICATED_AGENCY, constant(agency.id()))
                    .to(PipelineRoutes.PIPELINE);
        }
    }
}
