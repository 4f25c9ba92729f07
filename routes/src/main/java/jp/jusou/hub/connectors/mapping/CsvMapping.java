package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * A declarative mapping between a vendor's CSV export and the hub's canonical messages (the envelope of
 * the contract with its payload), in both directions. Loaded from a YAML file (see
 * {@code connectors/mappings/README.md}); immutable and thread-safe once loaded.
 *
 * <p>Reading never throws for bad data: problems of the file as a whole go to
 * {@link MappingResult#fileProblems()}, problems of a record reject only that record. No cell value is
 * ever written into a problem, a log or an exception.
 */
public final class CsvMapping {

    static final String REPLACEMENT = "〓";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String id;
    private final Charset charset;
    private final char delimiter;
    private final boolean gaijiPass;
    private final String constantType;
    private final ColumnSpec typeColumn;
    private final List<ColumnSpec> columns;
    private final List<String> idColumns;
    private final List<Constant> constants;

    record Constant(JsonPointer to, JsonNode value, Set<String> types) {
        boolean appliesTo(String type) {
            return types == null || types.contains(type);
        }
    }

    CsvMapping(String id, Charset charset, char delimiter, boolean gaijiPass, String constantType,
            List<ColumnSpec> columns, List<String> idColumns, List<Constant> constants) {
        this.id = id;
        this.charset = charset;
        this.delimiter = delimiter;
        this.gaijiPass = gaijiPass;
        this.constantType = constantType;
        this.columns = List.copyOf(columns);
        this.typeColumn = columns.stream().filter(c -> c.kind() == ColumnSpec.Kind.TYPE).findFirst().orElse(null);
        this.idColumns = List.copyOf(idColumns);
        this.constants = List.copyOf(constants);
    }

    /**
     * Loads and validates a mapping file.
     *
     * @param fileName the name used in problems
     * @throws MappingException naming the file, the line and the problem for everything wrong with it
     */
    public static CsvMapping load(String fileName, InputStream yaml) throws MappingException {
        return MappingLoader.load(fileName, yaml);
    }

    public String id() {
        return id;
    }

    /** The encoding files are read with (unless they start with a UTF-8 BOM) and written in. */
    public Charset charset() {
        return charset;
    }

    /** The column names in file order, as written in the header by {@link #write}. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /** Whether {@link #write} can write messages of this type (the mapping maps it). */
    public boolean canWrite(String messageType) {
        if (constantType != null) {
            return constantType.equals(messageType);
        }
        return typeColumn.inverse().containsKey(messageType);
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /** Reads one vendor file; never throws for bad data. */
    public MappingResult read(byte[] content, FileContext context) {
        String file = context.fileName();
        List<MappingProblem> fileProblems = new ArrayList<>();
        boolean bom = content.length >= 3 && Arrays.equals(content, 0, 3, UTF8_BOM, 0, 3);
        Charset used = bom ? StandardCharsets.UTF_8 : charset;
        int offset = bom ? 3 : 0;
        String text = decode(content, offset, used);
        if (text.isBlank()) {
            fileProblems.add(problem(file, 0, null, "EMPTY_FILE", "ファイルが空です。", "The file is empty."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        LineIndex lines = new LineIndex(text);

        List<CSVRecord> records = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            try {
                for (CSVRecord record : parser) {
                    records.add(record);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                int line = records.isEmpty() ? 1 : (int) parser.getCurrentLineNumber() + 1;
                fileProblems.add(problem(file, line, null, "CSV_SYNTAX",
                        "CSVの構文が正しくありません（閉じられていない引用符など）。この行以降は読み込んでいません。",
                        "The CSV syntax is broken (e.g. an unclosed quote); nothing from this line on was read."));
            }
        } catch (IOException e) {
            fileProblems.add(problem(file, 0, null, "CSV_SYNTAX", "CSVを読み込めません。", "The CSV cannot be parsed."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        if (records.isEmpty()) {
            fileProblems.add(problem(file, 0, null, "EMPTY_FILE", "ファイルにヘッダー行がありません。", "The file has no header line."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }

        CSVRecord header = records.get(0);
        int headerLine = lines.lineOf(recordStart(text, header));
        if (header.stream().anyMatch(h -> h.indexOf('\uFFFD') >= 0)) {
            fileProblems.add(problem(file, headerLine, null, "BAD_ENCODING",
                    "ヘッダー行を " + used.name() + " として解読できません。文字コードが違う可能性があります。",
                    "The header line cannot be decoded as " + used.name() + "; the file is probably in another encoding."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(Texts.key(header.get(i)), i);
        }
        for (ColumnSpec column : columns) {
            if (!index.containsKey(column.key())) {
                fileProblems.add(problem(file, headerLine, column.name(), "MISSING_COLUMN",
                        "ヘッダーに列「" + column.name() + "」がありません。",
                        "The header has no column '" + column.name() + "'."));
            }
        }
        if (!fileProblems.isEmpty() && fileProblems.stream().anyMatch(p -> p.code().equals("MISSING_COLUMN"))) {
            return new MappingResult(used, bom, List.of(), fileProblems);
        }

        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            CSVRecord record = records.get(r);
            int start = recordStart(text, record);
            int end = r + 1 < records.size() ? recordStart(text, records.get(r + 1)) : text.length();
            String raw = stripLineEnd(text.substring(start, end));
            rows.add(readRow(record, lines.lineOf(start), raw, header.toList(), index, context));
        }
        return new MappingResult(used, bom, rows, fileProblems);
    }

    private Row readRow(CSVRecord record, int line, String raw, List<String> headerNames, Map<String, Integer> index, FileContext context) {
        int headerSize = headerNames.size();
        String file = context.fileName();
        List<MappingProblem> problems = new ArrayList<>();
        List<MappingProblem> flags = new ArrayList<>();
        if (record.size() != headerSize) {
            problems.add(problem(file, line, null, "WRONG_COLUMN_COUNT",
                    "列の数がヘッダーと違います（ヘッダー " + headerSize + " 列、この行 " + record.size() + " 列）。",
                    "The row has " + record.size() + " columns; the header has " + headerSize + "."));
            return new Row(line, null, problems, flags);
        }
        Map<ColumnSpec, String> cells = new LinkedHashMap<>();
        for (ColumnSpec column : columns) {
            cells.put(column, record.get(index.get(column.key())));
        }
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).indexOf('\uFFFD') >= 0) {
                problems.add(problem(file, line, headerNames.get(i),
                        "BAD_ENCODING", "解読できないバイト列が含まれています（文字コードの誤り）。",
                        "The value contains bytes that cannot be decoded (wrong encoding)."));
            }
        }
        if (!problems.isEmpty()) {
            return new Row(line, null, problems, flags);
        }

        String type = constantType;
        if (typeColumn != null) {
            String cell = cells.get(typeColumn);
            if (cell.isBlank()) {
                problems.add(missing(file, line, typeColumn));
            } else {
                type = typeColumn.values().get(Texts.key(cell));
                if (type == null) {
                    problems.add(unknownCode(file, line, typeColumn));
                }
            }
        }
        if (type == null) {
            return new Row(line, null, problems, flags);
        }

        for (Map.Entry<ColumnSpec, String> cell : cells.entrySet()) {
            ColumnSpec column = cell.getKey();
            if (column.kind() == ColumnSpec.Kind.IGNORE || !column.appliesTo(type)) {
                continue;
            }
            List<String> codePoints = Texts.privateUseCodePoints(cell.getValue());
            if (!codePoints.isEmpty()) {
                String list = String.join(", ", codePoints);
                flags.add(problem(file, line, column.name(), "GAIJI",
                        "外字（私用領域の文字 " + list + "）が含まれています。正しい文字を確認してください。",
                        "Contains private-use (gaiji) characters " + list + "; check the intended characters."));
                if (!gaijiPass) {
                    problems.add(problem(file, line, column.name(), "GAIJI",
                            "外字（" + list + "）を含むため保留しました。文字を確認してから再送してください。",
                            "Held because it contains gaiji " + list + "; confirm the characters and send again."));
                }
            }
        }

        ObjectNode message = JSON.objectNode();
        message.put("messageId", "");
        message.put("type", type);
        message.put("schemaVersion", "1");
        message.put("sentAt", context.receivedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        message.put("sender", context.agencyId());
        message.put("municipality", context.municipality());
        for (Constant constant : constants) {
            if (constant.appliesTo(type)) {
                set(message, constant.to(), constant.value().deepCopy());
            }
        }
        for (Map.Entry<ColumnSpec, String> cell : cells.entrySet()) {
            ColumnSpec column = cell.getKey();
            if (column.kind() == ColumnSpec.Kind.IGNORE || column.kind() == ColumnSpec.Kind.TYPE || !column.appliesTo(type)) {
                continue;
            }
            convert(column, cell.getValue(), message, file, line, problems);
        }
        if (!problems.isEmpty()) {
            return new Row(line, null, problems, flags);
        }
        if (!message.has("payload")) {
            message.putObject("payload");
        }
        message.put("messageId", messageId(context, line, raw, cells));
        return new Row(line, message, problems, flags);
    }

    private void convert(ColumnSpec column, String cell, ObjectNode message, String file, int line, List<MappingProblem> problems) {
        if (cell.isBlank()) {
            if (column.required()) {
                problems.add(missing(file, line, column));
            }
            return;
        }
        switch (column.kind()) {
            case TEXT -> {
                String value;
                if (column.values() != null) {
                    value = column.values().get(Texts.key(cell));
                    if (value == null) {
                        problems.add(unknownCode(file, line, column));
                        return;
                    }
                } else {
                    value = column.nfkc() ? Texts.nfkc(cell) : cell;
                }
                set(message, column.to(), JSON.textNode(value));
            }
            case DATE -> {
                try {
                    set(message, column.to(), JSON.textNode(JapaneseDates.parse(cell).toString()));
                } catch (DateTimeException | IllegalArgumentException e) {
                    problems.add(problem(file, line, column.name(), "BAD_DATE",
                            "「" + column.name() + "」が日付として正しくありません（存在しない日付、または元号の範囲外）。",
                            "'" + column.name() + "' is not a valid date (no such date, or outside the era)."));
                }
            }
            case LIST -> {
                String source = column.values() != null || column.nfkc() ? Texts.nfkc(cell) : cell;
                Set<String> items = new LinkedHashSet<>();
                for (String item : source.split(java.util.regex.Pattern.quote(column.separator()), -1)) {
                    if (item.isBlank()) {
                        continue;
                    }
                    String value = item.strip();
                    if (column.values() != null) {
                        value = column.values().get(Texts.key(item));
                        if (value == null) {
                            problems.add(unknownCode(file, line, column));
                            return;
                        }
                    }
                    items.add(value);
                }
                if (!items.isEmpty()) {
                    ArrayNode array = JSON.arrayNode();
                    items.forEach(array::add);
                    set(message, column.to(), array);
                }
            }
            case SENSITIVE -> {
                ObjectNode section = JSON.objectNode();
                section.put("dataClass", column.dataClass());
                String text = column.nfkc() ? Texts.nfkc(cell) : cell;
                section.put("text", column.label() == null ? text : column.label() + text);
                JsonNode existing = message.at(column.to());
                if (existing.isArray()) {
                    ((ArrayNode) existing).add(section);
                } else {
                    set(message, column.to(), JSON.arrayNode().add(section));
                }
            }
            default -> throw new IllegalStateException(column.kind().name());
        }
    }

    private String messageId(FileContext context, int line, String raw, Map<ColumnSpec, String> cells) {
        StringBuilder name = new StringBuilder(context.agencyId()).append('\u001F');
        if (idColumns.isEmpty()) {
            name.append(context.fileName()).append('\u001F').append(line).append('\u001F').append(raw);
        } else {
            name.append(id);
            for (String idColumn : idColumns) {
                ColumnSpec column = columns.stream().filter(c -> c.key().equals(Texts.key(idColumn))).findFirst().orElseThrow();
                name.append('\u001F').append(Texts.key(cells.get(column)));
            }
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String decode(byte[] content, int offset, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(content, offset, content.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("REPLACE never throws", e);
        }
    }

    /** Where a record's text starts: its parser position, past the empty lines the parser skipped. */
    private static int recordStart(String text, CSVRecord record) {
        int i = (int) record.getCharacterPosition();
        while (i < text.length() && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Sets a value at a JSON pointer, creating the objects on the way. */
    static void set(ObjectNode root, JsonPointer pointer, JsonNode value) {
        ObjectNode node = root;
        JsonPointer p = pointer;
        while (!p.tail().matches()) {
            String name = p.getMatchingProperty();
            JsonNode child = node.get(name);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(name);
            }
            node = (ObjectNode) child;
            p = p.tail();
        }
        node.set(p.getMatchingProperty(), value);
    }

    private static MappingProblem missing(String file, int line, ColumnSpec column) {
        return problem(file, line, column.name(), "MISSING_VALUE",
                "必須の項目「" + column.name() + "」が空です。", "The required column '" + column.name() + "' is empty.");
    }

    private static MappingProblem unknownCode(String file, int line, ColumnSpec column) {
        return problem(file, line, column.name(), "UNKNOWN_CODE",
                "「" + column.name() + "」の値がマッピングのコード表にありません。",
                "The value of '" + column.name() + "' is not in the mapping's code table.");
    }

    static MappingProblem problem(String file, int line, String column, String code, String ja, String en) {
        return new MappingProblem(file, line, column, code, ja, en);
    }

    /** 1-based line numbers of character positions. */
    private static final class LineIndex {
        private final int[] starts;

        LineIndex(String text) {
            List<Integer> list = new ArrayList<>();
            list.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    list.add(i + 1);
                }
            }
            starts = list.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineOf(long position) {
            int i = Arrays.binarySearch(starts, (int) position);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // writing

    /**
     * Writes canonical messages as the vendor's CSV: a header and one record per message, in the mapping's
     * encoding with CRLF line ends. Characters the encoding cannot represent become 〓 and are listed.
     *
     * @throws IllegalArgumentException for a message of a type the mapping does not map (see {@link #canWrite})
     */
    public CsvOutput write(List<JsonNode> messages) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.MINIMAL).get();
        StringBuilder out = new StringBuilder();
        List<MappingProblem> replaced = new ArrayList<>();
        CharsetEncoder encoder = charset.newEncoder();
        boolean cp932 = !charset.equals(StandardCharsets.UTF_8);
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            printer.printRecord(columnNames());
            int line = 2;
            for (JsonNode message : messages) {
                String type = message.path("type").asText();
                if (!canWrite(type)) {
                    throw new IllegalArgumentException("Mapping " + id + " does not map messages of type " + type);
                }
                List<String> cells = new ArrayList<>();
                Map<String, Integer> sectionsSeen = new HashMap<>();
                for (ColumnSpec column : columns) {
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
        return new CsvOutput(out.toString().getBytes(charset), charset, replaced);
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
            case SENSITIVE: {
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
                // unlabelled columns of one class take the unlabelled sections of that class in order
                List<String> labels = columns.stream().filter(c -> c.kind() == ColumnSpec.Kind.SENSITIVE && c.label() != null
                        && c.dataClass().equals(column.dataClass()) && c.to().equals(column.to())).map(ColumnSpec::label).toList();
                List<String> unlabelled = texts.stream().filter(t -> labels.stream().noneMatch(t::startsWith)).toList();
                int wanted = sectionsSeen.merge(column.to() + "#" + column.dataClass(), 1, Integer::sum) - 1;
                return wanted < unlabelled.size() ? unlabelled.get(wanted) : "";
            }
            default:
                throw new IllegalStateException(column.kind().name());
        }
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
                replaced.add(problem(id, line, column.name(), "UNREPRESENTABLE",
                        "文字 " + codePoint + " は " + charset.name() + " で表せないため〓に置き換えました。",
                        "Character " + codePoint + " cannot be represented in " + charset.name() + "; replaced by 〓."));
            }
        });
        return sb.toString();
    }
}
