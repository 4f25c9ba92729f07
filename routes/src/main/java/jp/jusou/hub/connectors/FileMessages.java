package jp.jusou.hub.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads an agency file into canonical messages, by the connector's format: {@code json} (one
 * message, or NDJSON: one per line) or {@code csv} (the vendor layout of the connector's mapping).
 * One bad row rejects that row; the report says which line and why, never what the cells held.
 */
@Component
public class FileMessages {

    /** @param fileRejected nothing of the file could be read (it goes to error/) */
    public record Result(List<JsonNode> messages, ObjectNode report, boolean fileRejected, int rejectedRows) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final CsvMappings csv;

    public FileMessages(CsvMappings csv) {
        this.csv = csv;
    }

    public Result read(ConnectorDefinition definition, String fileName, byte[] content, OffsetDateTime receivedAt) {
        ConnectorDefinition.Transport in = definition.inbound();
        if ("csv".equals(in.format())) {
            return csv.read(definition, in.mapping(), fileName, content, receivedAt);
        }
        return readJson(definition, fileName, content, receivedAt);
    }

    private Result readJson(ConnectorDefinition definition, String fileName, byte[] content, OffsetDateTime receivedAt) {
        ObjectNode report = report(definition, fileName, "json", receivedAt);
        ArrayNode rows = report.putArray("rows");
        List<JsonNode> messages = new ArrayList<>();
        String text;
        try {
            int skip = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                    && (content[2] & 0xff) == 0xBF ? 3 : 0;
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, skip, content.length - skip)).toString();
        } catch (CharacterCodingException e) {
            fileProblem(report, "BAD_ENCODING", "ファイルがUTF-8ではありません。", "The file is not UTF-8.");
            return finish(report, messages, true, 0);
        }
        if (text.isBlank()) {
            fileProblem(report, "EMPTY_FILE", "ファイルが空です。", "The file is empty.");
            return finish(report, messages, true, 0);
        }
        List<String> records = new ArrayList<>();
        try {
            // one document only if nothing follows it: Jackson's readTree stops after the first value, which
            // read an NDJSON file as its first line and dropped the others without a word
            JsonNode whole = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
            if (whole != null && whole.isObject()) {
                records.add(text);
            }
        } catch (java.io.IOException notOneDocument) {
            // NDJSON: one message per line
        }
        if (records.isEmpty()) {
            records.addAll(text.lines().toList());
        }
        int rejected = 0;
        int line = 0;
        for (String record : records) {
            line++;
            if (record.isBlank()) {
                continue;
            }
            ObjectNode row = rows.addObject().put("line", records.size() == 1 ? 1 : line);
            try {
                JsonNode message = json.readTree(record);
                if (message == null || !message.isObject()) {
                    throw new java.io.IOException("not an object");
                }
                messages.add(message);
                row.put("status", "accepted").put("messageId", message.path("messageId").asText(null));
            } catch (java.io.IOException e) {
                rejected++;
                row.put("status", "rejected");
                problem(row.putArray("problems"), "MALFORMED_JSON", null,
                        "JSONとして読めません。", "Not a JSON object.");
            }
        }
        return finish(report, messages, false, rejected);
    }

    /** A file over the size limit: rejected whole, with a report, without its content having been read. */
    public Result tooLarge(ConnectorDefinition definition, String fileName, long limit, OffsetDateTime receivedAt) {
        ObjectNode report = report(definition, fileName, definition.inbound().format(), receivedAt);
        fileProblem(report, "TOO_LARGE", "ファイルが大きすぎます。上限は" + limit + "バイトです。",
                "The file is too large. The limit is " + limit + " bytes.");
        return finish(report, List.of(), true, 0);
    }

    static ObjectNode report(ConnectorDefinition definition, String fileName, String format, OffsetDateTime receivedAt) {
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("file", fileName).put("agencyId", definition.id()).put("format", format)
                .put("receivedAt", receivedAt.toString());
        return report;
    }

    private static void fileProblem(ObjectNode report, String code, String ja, String en) {
        ArrayNode problems = report.withArray("fileProblems");
        problem(problems, code, null, ja, en);
    }

    static void problem(ArrayNode problems, String code, String column, String ja, String en) {
        ObjectNode p = problems.addObject().put("code", code);
        if (column != null) {
            p.put("column", column);
        }
        p.putObject("message").put("ja", ja).put("en", en);
    }

    private static Result finish(ObjectNode report, List<JsonNode> messages, boolean fileRejected, int rejected) {
        report.put("accepted", messages.size()).put("rejected", rejected).put("fileRejected", fileRejected);
        return new Result(messages, report, fileRejected, rejected);
    }
}
