package jp.jusou.hub.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jusou.hub.message.MunicipalityCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The agencies the hub knows, read from the connector definitions (one YAML file per agency).
 * A definition that cannot be read stops the start-up with the file and the problem named.
 */
@Component
public class AgencyDirectory {

    private static final Pattern AGENCY_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Set<String> KINDS = Set.of("houkatsu", "jiritsu", "shogai", "kodomo", "takikan", "other");

    private final Map<String, Agency> agencies;

    public AgencyDirectory(@Value("${hub.connectors.location}") String location) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, Agency> found = new LinkedHashMap<>();
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(location);
        java.util.Arrays.sort(resources, java.util.Comparator.comparing(r -> String.valueOf(r.getFilename())));
        for (Resource resource : resources) {
            Agency agency = read(yaml, resource);
            Agency previous = found.putIfAbsent(agency.id(), agency);
            if (previous != null) {
                throw new IllegalStateException("Connector " + resource.getFilename() + ": agency id '" + agency.id()
                        + "' is already defined by " + previous.source());
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("No connector definitions found at " + location);
        }
        this.agencies = Collections.unmodifiableMap(found);
    }

    private static Agency read(ObjectMapper yaml, Resource resource) throws IOException {
        String file = resource.getFilename();
        JsonNode root;
        try (InputStream in = resource.getInputStream()) {
            root = yaml.readTree(in);
        }
        JsonNode agency = root == null ? null : root.get("agency");
        if (agency == null) {
            throw new IllegalStateException("Connector " + file + ": missing 'agency' section");
        }
        String id = required(file, agency, "id");
        if (!AGENCY_ID.matcher(id).matches()) {
            throw new IllegalStateException("Connector " + file + ": agency.id '" + id + "' must match " + AGENCY_ID);
        }
        String kind = required(file, agency, "kind");
        if (!KINDS.contains(kind)) {
            throw new IllegalStateException("Connector " + file + ": agency.kind '" + kind + "' must be one of " + KINDS);
        }
        String municipality = required(file, agency, "municipality");
        if (!MunicipalityCode.isValid(municipality)) {
            throw new IllegalStateException("Connector " + file + ": agency.municipality '" + municipality
                    + "' is not a valid 全国地方公共団体コード (6 digits, check digit)");
        }
        String secretEnv = root.path("secret").path("env").asText(null);
        return new Agency(id, required(file, agency, "name"), kind, municipality,
                agency.path("operator").asText(""), secretEnv, file);
    }

    private static String required(String file, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalStateException("Connector " + file + ": agency." + field + " is required");
        }
        return value.asText();
    }

    public Optional<Agency> find(String id) {
        return Optional.ofNullable(id == null ? null : agencies.get(id));
    }

    public boolean isKnown(String id) {
        return id != null && agencies.containsKey(id);
    }

    public Collection<Agency> all() {
        return agencies.values();
    }
}
