package jp.jusou.hub.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which fields of a connector change decide where an agency's data goes or which secret the hub uses
 * for it: the agency's secret, the certificate mapping, and per transport its kind, webhook URL and
 * signing key, SFTP host, port, user, password, path and host key, file directory. A change to any of
 * them needs a second admin ({@link ChangeApprovals}); anything else (name, mapping, schedule, retry)
 * does not. A new connector counts as changing every such field of a transport the hub drives itself
 * (file, SFTP, webhook); one on the broker or HTTPS only sends to the agency's own queue.
 */
final class DestinationChanges {

    /** Transport fields that say where data goes or which secret is used. */
    static final List<String> TRANSPORT_FIELDS = List.of("transport", "url", "signingKey", "host", "port", "username",
            "password", "path", "knownHostsFile", "directory");

    private DestinationChanges() {
    }

    /** The JSON paths of the destination and secret fields that differ (empty: a one-step change). */
    public static List<String> between(ConnectorDefinition before, ConnectorDefinition after) {
        List<String> changed = new ArrayList<>();
        if (before == null) {
            for (String direction : List.of("inbound", "outbound")) {
                ConnectorDefinition.Transport t = transport(after, direction);
                if (t.hubDriven()) {
                    TRANSPORT_FIELDS.stream().filter(f -> present(t.options().get(f)))
                            .forEach(f -> changed.add("$." + direction + "." + f));
                }
            }
            if (after.certificate() != null) {
                changed.add("$.certificate");
            }
            return changed;
        }
        if (!Objects.equals(before.secret(), after.secret())) {
            changed.add("$.secret");
        }
        if (!Objects.equals(before.certificate(), after.certificate())) {
            changed.add("$.certificate");
        }
        for (String direction : List.of("inbound", "outbound")) {
            JsonNode was = transport(before, direction).options();
            JsonNode now = transport(after, direction).options();
            for (String field : TRANSPORT_FIELDS) {
                if (!Objects.equals(normal(was.get(field)), normal(now.get(field)))) {
                    changed.add("$." + direction + "." + field);
                }
            }
        }
        return changed;
    }

    private static ConnectorDefinition.Transport transport(ConnectorDefinition d, String direction) {
        return "inbound".equals(direction) ? d.inbound() : d.outbound();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** A comparable form (the parsed YAML nodes carry their locations; the values are what counts). */
    private static String normal(JsonNode node) {
        return present(node) ? node.toString() : null;
    }
}
