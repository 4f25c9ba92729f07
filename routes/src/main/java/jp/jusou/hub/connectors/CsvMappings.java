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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Vendor CSV files through the connector's mapping ({@code connectors/mappings/<id>.yaml}), both ways. */
@Component
public class CsvMappings {

    private static final Logger log = LoggerFactory.getLogger(CsvMappings.class);

    private final MappingCatalog catalog;

    public CsvMappings(MappingCatalog catalog) {
        this.catalog = catalog;
    }

    /** The mapping as it is now (a mapping file changed in the watched directory counts from the next file). */
    public CsvMapping mapping(String id) {
        MappingCatalog.MappingFile file = catalog.text(id)
                .orElseThrow(() -> new IllegalStateException("no CSV mapping '" + id + "'"));
        try {
            return CsvMapping.load(file.name(), new ByteArrayInputStream(file.content()));
        } catch (MappingException e) {
            throw new IllegalStateException("CSV mapping " + file.name() + " is not valid: " + e.getMessage());
        }
    }

    public FileMessages.Result read(ConnectorDefinition definition, String mappingId, String fileName, byte[] content,
                                    OffsetDateTime receivedAt) {
        MappingResult result = mapping(mappingId).read(content,
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

    public boolean canWrite(String mappingId, String type) {
        return mappingId != null && catalog.exists(mappingId) && mapping(mappingId).canWrite(type);
    }

    public byte[] write(String mappingId, JsonNode message) {
        CsvOutput output = mapping(mappingId).write(List.of(message));
        if (!output.replaced().isEmpty()) {
            log.warn("Mapping {}: {} character(s) of message {} not representable in {}, written as 〓", mappingId,
                    output.replaced().size(), message.path("messageId").asText(), output.charset());
        }
        return output.content();
    }
}
