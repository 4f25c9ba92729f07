package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The outcome of reading one vendor file.
 *
 * @param charset the charset the file was decoded with (UTF-8 when it started with a BOM)
 * @param bom whether the file started with a UTF-8 byte order mark
 * @param rows every data record, accepted or rejected, in file order
 * @param fileProblems problems with the file as a whole (undecodable header, missing columns, empty
 *     file, broken CSV syntax); when present, rows may be empty
 */
public record MappingResult(Charset charset, boolean bom, List<Row> rows, List<MappingProblem> fileProblems) {

    public MappingResult {
        rows = List.copyOf(rows);
        fileProblems = List.copyOf(fileProblems);
    }

    public List<Row> accepted() {
        return rows.stream().filter(Row::accepted).toList();
    }

    public List<Row> rejected() {
        return rows.stream().filter(r -> !r.accepted()).toList();
    }

    /** The report with the file name taken from the problems (null when there are none). */
    public ObjectNode toReportJson() {
        String file = fileProblems.stream().map(MappingProblem::file).findFirst()
                .orElseGet(() -> rows.stream().flatMap(r -> java.util.stream.Stream.concat(r.problems().stream(), r.reviewFlags().stream()))
                        .map(MappingProblem::file).findFirst().orElse(null));
        return toReportJson(file);
    }

    /**
     * A JSON report for operators: file, charset, counts and, per row, its line, status, problems and
     * review flags (code, column, message {ja, en}). It contains no cell values, hence no personal data.
     */
    public ObjectNode toReportJson(String file) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode report = f.objectNode();
        if (file != null) {
            report.put("file", file);
        } else {
            report.putNull("file");
        }
        report.put("charset", charset == null ? null : charset.name());
        report.put("bom", bom);
        ObjectNode counts = report.putObject("counts");
        counts.put("rows", rows.size());
        counts.put("accepted", accepted().size());
        counts.put("rejected", rejected().size());
        counts.put("reviewFlags", rows.stream().mapToInt(r -> r.reviewFlags().size()).sum());
        ArrayNode fp = report.putArray("fileProblems");
        fileProblems.forEach(p -> fp.add(problemJson(p, true)));
        ArrayNode rowsJson = report.putArray("rows");
        for (Row row : rows) {
            ObjectNode r = rowsJson.addObject();
            r.put("line", row.line());
            r.put("status", row.accepted() ? "accepted" : "rejected");
            ArrayNode problems = r.putArray("problems");
            row.problems().forEach(p -> problems.add(problemJson(p, false)));
            ArrayNode flags = r.putArray("reviewFlags");
            row.reviewFlags().forEach(p -> flags.add(problemJson(p, false)));
        }
        return report;
    }

    private static ObjectNode problemJson(MappingProblem p, boolean withLine) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (withLine) {
            o.put("line", p.line());
        }
        o.put("code", p.code());
        if (p.column() != null) {
            o.put("column", p.column());
        }
        ObjectNode message = o.putObject("message");
        message.put("ja", p.ja());
        message.put("en", p.en());
        return o;
    }
}
