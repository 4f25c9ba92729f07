package jp.jusou.hub.pipeline;

import org.apache.camel.builder.RouteBuilder;

/** What the file-writing templates share: render each outbound message for the agency, then write it as a file. */
abstract class WritingOutboundTemplate implements ConnectorTemplate {

    private final OutboundRendering rendering;

    WritingOutboundTemplate(OutboundRendering rendering) {
        this.rendering = rendering;
    }

    @Override
    public final Direction direction() {
        return Direction.OUTBOUND;
    }

    @Override
    public final void define(RouteBuilder routes, Instance connector) {
        connector.fromOutboundQueue(routes)
                .process(exchange -> rendering.render(exchange, connector.definition())).id("render-for-agency")
                .to(uri(connector)).id("write-for-agency");
    }

    /** Where the file is written, with {@link ConnectorEndpoints#WRITE_OPTIONS}. */
    abstract String uri(Instance connector);
}
