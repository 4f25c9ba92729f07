package jp.jusou.hub.connectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.CertificateMatch;
import jp.jusou.hub.connectors.mapping.LocatedYaml;
import jp.jusou.hub.message.Hashing;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.MunicipalityCode;

/**
 * Reads connector definitions (YAML) and checks them against {@code connectors/schema/connector.schema.json}
 * and the rules a schema cannot say (municipality check digit, the named CSV mapping exists). Every
 * problem names the file, the line and what is wrong; nothing half-valid comes out.
 */
public final class ConnectorDefinitions {

    public static final String SCHEMA = "classpath:connectors/schema/connector.schema.json";

    private final JsonSchema schema;
    private final Predicate<String> mappingExists;

    /** @param mappingExists whether a CSV mapping of that id is known (for {@code format: csv}) */
    public ConnectorDefinitions(Predicate<String> mappingExists) {
        this.mappingExists = mappingExists;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SCHEMA), config);
        this.schema.initializeValidators();
    }

    /** Parses and checks one definition; throws {@link InvalidConnectorException} naming every problem found. */
    public ConnectorDefinition parse(String file, String text) {
        JsonNode root;
        try {
            root = LocatedYaml.read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidConnectorException(new InvalidConnectorException.Problem(file,
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "",
                    "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConnectorException(new InvalidConnectorException.Problem(file, 0, 0, "", "unreadable: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConnectorException(new InvalidConnectorException.Problem(file, 1, 1, "",
                    "a connector definition is a YAML mapping with agency, secret, inbound and outbound"));
        }
        List<InvalidConnectorException.Problem> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(root)) {
            JsonNode node = JsonNodes.get(root, message.getInstanceLocation());
            JsonLocation at = node == null ? null : JsonNodes.tokenLocationOf(node);
            problems.add(new InvalidConnectorException.Problem(file, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), message.getInstanceLocation().toString(), explain(message)));
        }
        if (problems.isEmpty()) {
            JsonNode id = root.path("agency").path("id");
            if (HubIssued.SENDER.equals(id.asText())) {
                problems.add(problem(file, id, "$.agency.id", "'" + HubIssued.SENDER
                        + "' is reserved: it is the sender of the hub's own messages (delivery reports, notices)"));
            }
            String municipality = root.path("agency").path("municipality").asText();
            if (!MunicipalityCode.isValid(municipality)) {
                problems.add(problem(file, root.path("agency").path("municipality"), "$.agency.municipality",
                        "'" + municipality + "' is not a valid 全国地方公共団体コード (6 digits with a check digit)"));
            }
            JsonNode subject = root.path("certificate").path("subject");
            if (subject.isTextual()) {
                try {
                    new javax.security.auth.x500.X500Principal(subject.asText());
                } catch (IllegalArgumentException e) {
                    problems.add(problem(file, subject, "$.certificate.subject",
                            "not a distinguished name (RFC 2253), e.g. CN=omuta-kodomo,O=Omuta City"));
                }
            }
            for (String direction : List.of("inbound", "outbound")) {
                JsonNode mapping = root.path(direction).path("mapping");
                if (!mapping.isMissingNode() && !mappingExists.test(mapping.asText())) {
                    problems.add(problem(file, mapping, "$." + direction + ".mapping",
                            "no CSV mapping '" + mapping.asText() + "' (connectors/mappings/" + mapping.asText() + ".yaml)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(InvalidConnectorException.Problem::line));
            throw new InvalidConnectorException(problems);
        }
        JsonNode agency = root.get("agency");
        ConnectorDefinition.SecretRef secret = ConnectorDefinition.SecretRef.of(root.get("secret"));
        Agency parsed = new Agency(agency.get("id").asText(), agency.get("name").asText(), agency.get("kind").asText(),
                agency.get("municipality").asText(), agency.path("operator").asText(""), secret.toString(), file, null,
                certificate(root.get("certificate")));
        return new ConnectorDefinition(parsed, secret, transport(root.get("inbound")), transport(root.get("outbound")),
                file, text, Hashing.sha256Hex(text), java.util.Map.of());
    }

    private static CertificateMatch certificate(JsonNode node) {
        return node == null || node.isNull() ? null
                : new CertificateMatch(node.path("subject").asText(null), node.path("san").asText(null));
    }

    private static ConnectorDefinition.Transport transport(JsonNode node) {
        return new ConnectorDefinition.Transport(node.get("transport").asText(), node);
    }

    private static InvalidConnectorException.Problem problem(String file, JsonNode node, String path, String message) {
        JsonLocation at = JsonNodes.tokenLocationOf(node);
        return new InvalidConnectorException.Problem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                path, message);
    }

    /** The validator's message without the path it starts with (the problem carries the path). */
    private static String explain(ValidationMessage message) {
        String text = message.getMessage();
        String prefix = message.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
