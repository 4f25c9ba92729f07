package jp.jusou.hub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorProperties;
import jp.jusou.hub.connectors.FileMessages;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns one agency file into messages on {@code hub.inbound.<agency>}: the connector's format
 * (JSON / NDJSON, or a vendor CSV through its mapping) gives the messages; each goes to the queue
 * with a broker duplicate id derived from its messageId, so a file read again after a crash
 * mid-file enqueues nothing twice. A report (counts, lines, codes: no cell values) is written beside
 * the file in {@code done/}, or in {@code error/} when nothing in the file could be read.
 */
@Component
class FileIntake {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final FileMessages files;
    private final ProducerTemplate producer;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final MeterRegistry meters;

    private final long maxFileBytes;

    public FileIntake(FileMessages files, ProducerTemplate producer, Clock clock, MeterRegistry meters,
                      ConnectorProperties connectors) {
        this.meters = meters;
        this.maxFileBytes = connectors.maxFileBytes();
        this.files = files;
        this.producer = producer;
        this.clock = clock;
    }

    public void process(Exchange exchange, ConnectorDefinition definition) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] content = readAtMost(exchange, maxFileBytes);
        FileMessages.Result result = content == null ? files.tooLarge(definition, name, maxFileBytes, OffsetDateTime.now(clock))
                : files.read(definition, name, content, OffsetDateTime.now(clock));
        int sent = 0;
        int again = 0;
        for (JsonNode message : result.messages()) {
            String text = json.writeValueAsString(message);
            String messageId = message.path("messageId").asText();
            try {
                producer.sendBodyAndHeaders(Messaging.COMPONENT + ":queue:" + definition.agency().inboundQueue(), text,
                        java.util.Map.of(BrokerNames.GROUP_ID, MyNumberDetector.mask(HubMessage.groupIdOf(message)),
                                BrokerNames.DUPLICATE_ID, duplicateId(definition.id(), messageId)));
                sent++;
            } catch (RuntimeException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                again++; // handed in before a crash: the broker already has it, and refuses it twice
            }
        }
        boolean unreadable = result.fileRejected();
        // per instance: with several instances on one directory, their counts add up to the files dropped
        meters.counter("hub.connectors.files.read", "agency", definition.id()).increment();
        writeReport(exchange, unreadable ? "error" : "done", name, result.report());
        log.info("Connector {}: file read, {} message(s) handed in, {} already handed in before, {} row(s) rejected{}",
                definition.id(), sent, again, result.rejectedRows(), unreadable ? ", file rejected" : "");
        exchange.setProperty(FILE_REJECTED, unreadable); // the route throws after the report is out: the file moves to error/
    }

    /**
     * The broker keeps duplicate ids (in its journal), so a messageId that is a 個人番号 must not become
     * one. Such a row is rejected by the pipeline anyway; it gets a random id instead (not a hash: the
     * hash of a 12-digit number is quickly reversed), so a file read again after a crash may report
     * that row's rejection twice, and nothing else changes.
     */
    static String duplicateId(String agency, String messageId) {
        if (MyNumberDetector.contains(messageId)) {
            return "file/" + agency + "/unkeyed/" + java.util.UUID.randomUUID();
        }
        return "file/" + agency + "/" + messageId;
    }

    /** The broker's refusal of a message whose duplicate id it has seen (Artemis DUPLICATE_ID_REJECTED). */
    static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    private void writeReport(Exchange exchange, String folder, String name, ObjectNode report) throws IOException {
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        if (exchange.getFromEndpoint().getEndpointUri().startsWith("sftp")) {
            // the route puts it beside the file on the agency's server
            exchange.setProperty(REPORT_TEXT, text);
            exchange.setProperty(REPORT_PATH, folder + "/" + name + ".report.json");
            return;
        }
        Path dir = Path.of(exchange.getIn().getHeader(Exchange.FILE_PARENT, String.class)).resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".report.json"), text, StandardCharsets.UTF_8);
    }

    static final String REPORT_TEXT = "hub.fileReport";
    static final String REPORT_PATH = "hub.fileReportPath";
    static final String FILE_REJECTED = "hub.fileRejected";

    /**
     * The file's content, read as a stream and never beyond the limit: null when the file is larger
     * (by its listed length, or by what the stream holds if the length is unknown or wrong).
     */
    static byte[] readAtMost(Exchange exchange, long limit) throws IOException {
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null && length > limit) {
            return null;
        }
        try (InputStream in = exchange.getIn().getBody(InputStream.class)) {
            if (in == null) {
                return new byte[0];
            }
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            return content.length > limit ? null : content;
        }
    }

    /** Nothing in the file could be read; it moves to error/ with its report. */
    public static class FileRejectedException extends RuntimeException {
        public FileRejectedException(String name) {
            super("file " + name + " could not be read; see its report in error/");
        }
    }
}
