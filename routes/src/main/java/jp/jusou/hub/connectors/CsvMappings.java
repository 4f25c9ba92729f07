package jp.jusou.hub.connectors;

import java.time.OffsetDateTime;
import org.springframework.stereotype.Component;

/** Vendor CSV files through the connector's mapping (connectors/mappings/). */
@Component
public class CsvMappings {

    private final MappingCatalog catalog;

    public CsvMappings(MappingCatalog catalog) {
        this.catalog = catalog;
    }

    public FileMessages.Result read(ConnectorDefinition definition, String mappingId, String fileName, byte[] content,
                                    OffsetDateTime receivedAt) {
        throw new UnsupportedOperationException("CSV mapping lands with the mapping library");
    }

    public boolean canWrite(String mappingId, String type) {
        return false;
    }

    public byte[] write(String mappingId, com.fasterxml.jackson.databind.JsonNode message) {
        throw new UnsupportedOperationException("CSV mapping lands with the mapping library");
    }
}
