package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes canonical messages as the vendor's CSV: a header and one record per message, in the mapping's
 * encoding with CRLF line ends. Characters the encoding cannot represent become 〓 and are listed.
 */
final class CsvWriter {

    private static final String REPLACEMENT = "〓";

    private final MappingSpec spec;

    CsvWriter(MappingSpec spec) {
        this.spec = spec;
    }

    /** @throws IllegalArgumentException for a message of a type the mapping does not map */
    CsvOutput write(List<JsonNode> messages) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(spec.delimiter()).setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.MINIMAL).get();
        StringBuilder out = new StringBuilder();
        List<MappingProblem> replaced = new ArrayList<>();
        CharsetEncoder encoder = spec.charset().newEncoder();
        boolean cp932 = !spec.charset().equals(StandardCharsets.UTF_8);
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            printer.printRecord(spec.columnNames());
            int line = 2;
            for (JsonNode message : messages) {
                String type = message.path("type").asText();
                if (!spec.canWrite(type)) {
                    throw new IllegalArgumentException("Mapping " + spec.id() + " does not map messages of type " + type);
                }
                List<String> cells = new ArrayList<>();
                Map<String, Integer> sectionsSeen = new HashMap<>();
                for (ColumnSpec column : spec.columns()) {
                    String value = cell(column, type, message, sectionsSeen);
                    if (cp932) {
                        value = Texts.toCp932Repertoire(value);
                    }
                    cells.add(replaceUnencodable(value, encoder, column, line, replaced));
                }
                int before = out.length();
                printer.printRecord(cells);
                printer.flush();
                line += (int) out.substring(before).chars().filter(c -> c == '\n').count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CsvOutput(out.toString().getBytes(spec.charset()), spec.charset(), replaced);
    }

    private String cell(ColumnSpec column, String type, JsonNode message, Map<String, Integer> sectionsSeen) {
        if (column.kind() == ColumnSpec.Kind.TYPE) {
            return column.inverse().getOrDefault(type, type);
        }
        if (column.kind() == ColumnSpec.Kind.IGNORE || !column.appliesTo(type)) {
            return "";
        }
        JsonNode node = message.at(column.to());
        switch (column.kind()) {
            case TEXT: {
                if (node.isMissingNode() || node.isNull()) {
                    return "";
                }
                String value = node.isValueNode() ? node.asText() : node.toString();
                return column.inverse() != null ? column.inverse().getOrDefault(value, value) : value;
            }
            case DATE: {
                if (!node.isTextual()) {
                    return "";
                }
                try {
                    return JapaneseDates.format(LocalDate.parse(node.asText()), column.format());
                } catch (DateTimeException e) {
                    return node.asText();
                }
            }
            case LIST: {
                if (!node.isArray()) {
                    return "";
                }
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(column.inverse() != null
                        ? column.inverse().getOrDefault(item.asText(), item.asText()) : item.asText()));
                return String.join(column.separator(), items);
            }
            case SENSITIVE:
                return sensitive(column, node, sectionsSeen);
            default:
                throw new IllegalStateException(column.kind().name());
        }
    }

    /** A labelled column takes its labelled section; unlabelled columns of one class take the unlabelled sections in order. */
    private String sensitive(ColumnSpec column, JsonNode node, Map<String, Integer> sectionsSeen) {
        if (!node.isArray()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode section : node) {
            if (column.dataClass().equals(section.path("dataClass").asText())) {
                texts.add(section.path("text").asText());
            }
        }
        if (column.label() != null) {
            return texts.stream().filter(t -> t.startsWith(column.label())).findFirst()
                    .map(t -> t.substring(column.label().length())).orElse("");
        }
        List<String> labels = spec.columns().stream().filter(c -> c.kind() == ColumnSpec.Kind.SENSITIVE && c.label() != null
                && c.dataClass().equals(column.dataClass()) && c.to().equals(column.to())).map(ColumnSpec::label).toList();
        List<String> unlabelled = texts.stream().filter(t -> labels.stream().noneMatch(t::startsWith)).toList();
        int wanted = sectionsSeen.merge(column.to() + "#" + column.dataClass(), 1, Integer::sum) - 1;
        return wanted < unlabelled.size() ? unlabelled.get(wanted) : "";
    }

    private String replaceUnencodable(String value, CharsetEncoder encoder, ColumnSpec column, int line, List<MappingProblem> replaced) {
        if (encoder.canEncode(value)) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            if (encoder.canEncode(CharBuffer.wrap(ch))) {
                sb.append(ch);
            } else {
                sb.append(REPLACEMENT);
                String codePoint = Texts.codePoint(cp);
                replaced.add(new MappingProblem(spec.id(), line, column.name(), "UNREPRESENTABLE",
                        "文字 " + codePoint + " は " + spec.charset().name() + " で表せないため〓に置き換えました。",
                        "Character " + codePoint + " cannot be represented in " + spec.charset().name() + "; replaced by 〓."));
            }
        });
        return sb.toString();
    }
}
