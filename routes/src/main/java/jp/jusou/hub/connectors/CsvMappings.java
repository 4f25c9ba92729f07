package jp.jusou.hub.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.connectors.mapping.CsvMapping;
import jp.jusou.hub.connectors.mapping.CsvOutput;
import jp.jusou.hub.connectors.mapping.FileContext;
import jp.jusou.hub.connectors.mapping.MappingException;
import jp.jusou.hub.connectors.mapping.MappingResult;
import jp.jusou.hub.connectors.mapping.Row;
import jp.jusou.hub.message.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Vendor CSV files through the connector's mapping ({@code connectors/mappings/<id>.yaml}), both ways. */
@Component
public class CsvMappings {

    private static final Logger log = LoggerFactory.getLogger(CsvMappings.class);

    public CsvMappings() {
    }

    private final java.util.Map<String, CsvMapping> loaded = new java.util.concurrent.ConcurrentHashMap<>();

    /** The mapping as pinned in the running version of the connector (see {@link MappingCatalog#pin}). */
    public CsvMapping mapping(ConnectorDefinition definition, String id) {
        String text = definition.mappings().get(id);
        if (text == null) {
            throw new IllegalStateException("connector " + definition.id() + " has no pinned CSV mapping '" + id + "'");
        }
        return loaded.computeIfAbsent(id + "/" + Hashing.sha256Hex(text), key -> {
            try {
                return CsvMapping.load(id + ".yaml", new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (MappingException e) {
                throw new IllegalStateException("CSV mapping " + id + " is not valid: " + e.getMessage());
            }
        });
    }

    public FileMessages.Result read(ConnectorDefinition definition, String mappingId, String fileName, byte[] content,
                                    OffsetDateTime receivedAt) {
        MappingResult result = mapping(definition, mappingId).read(content,
                new FileContext(definition.id(), definition.agency().municipality(), fileName, receivedAt));
        ObjectNode report = result.toReportJson(fileName);
        report.put("agencyId", definition.id()).put("format", "csv").put("mapping", mappingId)
                .put("receivedAt", receivedAt.toString());
        List<JsonNode> messages = new ArrayList<>();
        ArrayNode rows = (ArrayNode) report.get("rows");
        for (int i = 0; i < result.rows().size(); i++) {
            Row row = result.rows().get(i);
            if (row.accepted()) {
                messages.add(row.message());
                // the line's messageId lets the agency match the hub's delivery report to its row
                ((ObjectNode) rows.get(i)).put("messageId", row.message().path("messageId").asText());
            }
        }
        boolean fileRejected = !result.fileProblems().isEmpty();
        report.put("fileRejected", fileRejected);
        return new FileMessages.Result(messages, report, fileRejected, result.rejected().size());
    }

    public boolean canWrite(ConnectorDefinition definition, String mappingId, String type) {
        return mappingId != null && mapping(definition, mappingId).canWrite(type);
    }

    public byte[] write(ConnectorDefinition definition, String mappingId, JsonNode message) {
        CsvOutput output = mapping(definition, mappingId).write(List.of(message));
        if (!output.replaced().isEmpty()) {
            log.warn("Mapping {}: {} character(s) of message {} not representable in {}, written as 〓", mappingId,
                    output.replaced().size(), message.path("messageId").asText(), output.charset());
        }
        return output.content();
    }
}
