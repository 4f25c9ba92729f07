package jp.jusou.hub.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The connector route templates, looked up by transport name and direction; a transport without one has no hub route. */
@Component
class ConnectorTemplates {

    private final Map<String, ConnectorTemplate> byKey = new HashMap<>();

    ConnectorTemplates(List<ConnectorTemplate> templates) {
        for (ConnectorTemplate template : templates) {
            ConnectorTemplate earlier = byKey.putIfAbsent(key(template.transport(), template.direction()), template);
            if (earlier != null) {
                throw new IllegalStateException("two " + template.direction() + " templates for transport "
                        + template.transport() + ": " + earlier.getClass().getSimpleName() + ", "
                        + template.getClass().getSimpleName());
            }
        }
    }

    Optional<ConnectorTemplate> find(String transport, ConnectorTemplate.Direction direction) {
        return Optional.ofNullable(byKey.get(key(transport, direction)));
    }

    private static String key(String transport, ConnectorTemplate.Direction direction) {
        return transport + "-" + direction;
    }
}
