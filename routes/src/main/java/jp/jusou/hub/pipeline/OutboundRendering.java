package jp.jusou.hub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.CsvMappings;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * One outbound message as the file the agency's system reads: its vendor CSV (when the connector's
 * mapping writes that type) or the JSON envelope. The name comes from the message alone, so a
 * redelivery after a crash overwrites the same file instead of adding a second one.
 */
@Component
class OutboundRendering {

    private final ObjectMapper json = new ObjectMapper();
    private final CsvMappings csv;

    public OutboundRendering(CsvMappings csv) {
        this.csv = csv;
    }

    public void render(Exchange exchange, ConnectorDefinition definition) throws Exception {
        String text = exchange.getIn().getBody(String.class);
        JsonNode message = json.readTree(text);
        String type = message.path("type").asText("message");
        String id = message.path("messageId").asText("unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        String stamp = message.path("sentAt").asText("").replaceAll("[^0-9]", "");
        stamp = stamp.length() >= 14 ? stamp.substring(0, 14) : "00000000000000";
        ConnectorDefinition.Transport out = definition.outbound();
        byte[] body;
        String extension;
        if ("csv".equals(out.format()) && csv.canWrite(definition, out.mapping(), type)) {
            body = csv.write(definition, out.mapping(), message);
            extension = "csv";
        } else {
            body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(message);
            extension = "json";
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.FILE_NAME, stamp + "-" + type + "-" + id + "." + extension);
        exchange.getIn().setBody(body);
    }
}
