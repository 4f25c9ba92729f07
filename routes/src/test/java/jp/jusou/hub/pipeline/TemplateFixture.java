package jp.jusou.hub.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorDefinitions;
import jp.jusou.hub.connectors.ConnectorLauncher.SecretSource;
import jp.jusou.hub.connectors.ConnectorProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;

/** Builds the route a connector template defines for one connector, without starting it (no broker, no server). */
final class TemplateFixture {

    final CamelContext camel = new DefaultCamelContext();

    static ConnectorDefinition connector(String inbound, String outbound) {
        return new ConnectorDefinitions(id -> true).parse("omuta-kodomo.yaml", """
                agency: {id: omuta-kodomo, name: こども, kind: kodomo, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_KODOMO}
                inbound: %s
                outbound: %s
                """.formatted(inbound, outbound));
    }

    static ConnectorProperties exchangeUnder(Path dir) {
        return new ConnectorProperties(null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(30), dir.toString(), null, null, 16_777_216);
    }

    static final SecretSource SECRETS = new SecretSource() {
        @Override
        public String agencySecret() {
            return "agency-secret";
        }

        @Override
        public String signingKey() {
            return "signing-key";
        }

        @Override
        public String resolve(ConnectorDefinition.SecretRef ref, String path) {
            return "pw-for-" + path;
        }
    };

    RouteDefinition define(ConnectorTemplate template, ConnectorDefinition definition, String routeId, boolean paused)
            throws Exception {
        RouteBuilder builder = new RouteBuilder(camel) {
            @Override
            public void configure() {
                template.define(this, new ConnectorTemplate.Instance(definition, routeId, paused, SECRETS));
            }
        };
        List<RouteDefinition> routes = builder.configureRoutes(camel).getRoutes();
        if (routes.size() != 1) {
            throw new AssertionError("one route expected, got " + routes.size());
        }
        return routes.get(0);
    }

    static String uri(RouteDefinition route) {
        return route.getInput().getEndpointUri();
    }

    /** The ids of the route's named steps, nested ones included, in order. */
    static List<String> stepIds(RouteDefinition route) {
        return steps(route.getOutputs()).map(ProcessorDefinition::getId).filter(Objects::nonNull).collect(Collectors.toList());
    }

    /** The endpoint the step with this id sends to. */
    static String endpointOf(RouteDefinition route, String stepId) {
        return steps(route.getOutputs()).filter(step -> stepId.equals(step.getId())).map(step -> ((ToDefinition) step).getUri())
                .findFirst().orElseThrow(() -> new AssertionError("no step " + stepId));
    }

    private static Stream<ProcessorDefinition<?>> steps(List<ProcessorDefinition<?>> outputs) {
        return outputs.stream().flatMap(step -> Stream.concat(Stream.of(step), steps(step.getOutputs())));
    }
}
