package jp.jusou.hub.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The CSV mappings connectors may name: {@code <watch-dir>/mappings/<id>.yaml} (dropped while the
 * hub runs) first, then those shipped with the hub ({@code connectors/mappings/}).
 */
@Component
public class MappingCatalog {

    private final ConnectorProperties properties;

    public MappingCatalog(ConnectorProperties properties) {
        this.properties = properties;
    }

    public boolean exists(String id) {
        return text(id).isPresent();
    }

    /** The mapping file's name and content. */
    public Optional<MappingFile> text(String id) {
        if (id == null || !id.matches("^[a-z0-9][a-z0-9-]{0,62}$")) {
            return Optional.empty();
        }
        try {
            if (properties.watchDir() != null && !properties.watchDir().isBlank()) {
                Path file = Path.of(properties.watchDir(), "mappings", id + ".yaml");
                if (Files.isRegularFile(file)) {
                    return Optional.of(new MappingFile(file.getFileName().toString(), Files.readAllBytes(file)));
                }
            }
            String base = properties.mappings().endsWith("/") ? properties.mappings() : properties.mappings() + "/";
            Resource resource = new PathMatchingResourcePatternResolver().getResource(base + id + ".yaml");
            if (resource.exists()) {
                try (InputStream in = resource.getInputStream()) {
                    return Optional.of(new MappingFile(id + ".yaml", in.readAllBytes()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("Mapping " + id + " cannot be read", e);
        }
    }

    /**
     * Pins the current text of every mapping the definition names, each checked (it must load); a
     * broken mapping fails the deployment with its file, line and problem.
     */
    public ConnectorDefinition pin(ConnectorDefinition definition) {
        java.util.Map<String, String> pinned = new java.util.TreeMap<>();
        java.util.List<InvalidConnectorException.Problem> problems = new java.util.ArrayList<>();
        for (String id : definition.mappingIds()) {
            MappingFile file = text(id).orElse(null);
            if (file == null) {
                problems.add(new InvalidConnectorException.Problem(definition.source(), 0, 0, "", "no CSV mapping '" + id + "'"));
                continue;
            }
            try {
                jp.jusou.hub.connectors.mapping.CsvMapping.load(file.name(), new java.io.ByteArrayInputStream(file.content()));
                pinned.put(id, file.text());
            } catch (jp.jusou.hub.connectors.mapping.MappingException e) {
                e.problems().forEach(p -> problems.add(new InvalidConnectorException.Problem(p.file(), p.line(), 0,
                        p.column() == null ? "" : p.column(), p.en())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConnectorException(problems);
        }
        return definition.withMappings(pinned);
    }

    public record MappingFile(String name, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }
}
