package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.junit.jupiter.api.Test;

/** POSTing to the agency's webhook, retried with the back-off the definition or else the schema gives. */
class WebhookOutboundTemplateTest {

    private static RouteDefinition route(String retry) throws Exception {
        return new TemplateFixture().define(new WebhookOutboundTemplate(),
                TemplateFixture.connector("{transport: broker}",
                        "{transport: webhook, url: 'https://k.example/in', signingKey: {env: HUB_SECRET_K}" + retry + "}"),
                "connector-omuta-kodomo-out", false);
    }

    @Test
    void retriesWithTheSchemasBackOff() throws Exception {
        RouteDefinition route = route("");
        assertThat(TemplateFixture.uri(route)).isEqualTo("hubjms:queue:hub.outbound.omuta-kodomo?concurrentConsumers=1");
        assertThat(TemplateFixture.stepIds(route)).containsExactly("post-to-webhook");
        DefaultErrorHandlerDefinition handler = (DefaultErrorHandlerDefinition) route.getErrorHandlerFactory();
        // attempts 5, initialDelay PT1S, multiplier 2, maxDelay PT60S: the connector schema's defaults
        assertThat(handler.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo("5");
        assertThat(handler.getRedeliveryPolicy().getRedeliveryDelay()).isEqualTo("1000");
        assertThat(Double.parseDouble(handler.getRedeliveryPolicy().getBackOffMultiplier())).isEqualTo(2.0);
        assertThat(handler.getRedeliveryPolicy().getMaximumRedeliveryDelay()).isEqualTo("60000");
    }

    @Test
    void theDefinitionsRetryWins() throws Exception {
        DefaultErrorHandlerDefinition handler = (DefaultErrorHandlerDefinition) route(", retry: {attempts: 3, initialDelay: PT2S}")
                .getErrorHandlerFactory();
        assertThat(handler.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo("3");
        assertThat(handler.getRedeliveryPolicy().getRedeliveryDelay()).isEqualTo("2000");
    }
}
