package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one CSV record into a canonical message (the envelope from the file's context, the mapping's
 * constants, each column converted to its field), or into the problems that reject it. No cell value
 * is ever written into a problem.
 */
final class RowReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MappingSpec spec;
    private final ColumnSpec typeColumn;

    RowReader(MappingSpec spec) {
        this.spec = spec;
        this.typeColumn = spec.typeColumn();
    }

    /**
     * @param record     the record's cells in file order
     * @param line       the record's first physical line
     * @param raw        the record's text as in the file (names the message when the mapping has no id columns)
     * @param headerNames the header's column names in file order
     * @param index      each mapped column's key → its position in the record
     */
    Row read(List<String> record, int line, String raw, List<String> headerNames, Map<String, Integer> index, FileContext context) {
        int headerSize = headerNames.size();
        String file = context.fileName();
        List<MappingProblem> problems = new ArrayList<>();
        List<MappingProblem> flags = new ArrayList<>();
        if (record.size() != headerSize) {
            problems.add(new MappingProblem(file, line, null, "WRONG_COLUMN_COUNT",
                    "列の数がヘッダーと違います（ヘッダー " + headerSize + " 列、この行 " + record.size() + " 列）。",
                    "The row has " + record.size() + " columns; the header has " + headerSize + "."));
            return new Row(line, null, problems, flags);
        }
        Map<ColumnSpec, String> cells = new LinkedHashMap<>();
        for (ColumnSpec column : spec.columns()) {
            cells.put(column, record.get(index.get(column.key())));
        }
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).indexOf('\uFFFD') >= 0) {
                problems.add(new MappingProblem(file, line, headerNames.get(i),
                        "BAD_ENCODING", "解読できないバイト列が含まれています（文字コードの誤り）。",
                        "The value contains bytes that cannot be decoded (wrong encoding)."));
            }
        }
        if (!problems.isEmpty()) {
            return new Row(line, null, problems, flags);
        }

        String type = spec.constantType();
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

        flagGaiji(cells, type, file, line, flags, problems);

        ObjectNode message = JSON.objectNode();
        message.put("messageId", "");
        message.put("type", type);
        message.put("schemaVersion", "1");
        message.put("sentAt", context.receivedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        message.put("sender", context.agencyId());
        message.put("municipality", context.municipality());
        for (MappingSpec.Constant constant : spec.constants()) {
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

    /** 外字 (private-use characters): always flagged, and the row held unless the mapping lets them pass. */
    private void flagGaiji(Map<ColumnSpec, String> cells, String type, String file, int line,
                           List<MappingProblem> flags, List<MappingProblem> problems) {
        for (Map.Entry<ColumnSpec, String> cell : cells.entrySet()) {
            ColumnSpec column = cell.getKey();
            if (column.kind() == ColumnSpec.Kind.IGNORE || !column.appliesTo(type)) {
                continue;
            }
            List<String> codePoints = Texts.privateUseCodePoints(cell.getValue());
            if (!codePoints.isEmpty()) {
                String list = String.join(", ", codePoints);
                flags.add(new MappingProblem(file, line, column.name(), "GAIJI",
                        "外字（私用領域の文字 " + list + "）が含まれています。正しい文字を確認してください。",
                        "Contains private-use (gaiji) characters " + list + "; check the intended characters."));
                if (!spec.gaijiPass()) {
                    problems.add(new MappingProblem(file, line, column.name(), "GAIJI",
                            "外字（" + list + "）を含むため保留しました。文字を確認してから再送してください。",
                            "Held because it contains gaiji " + list + "; confirm the characters and send again."));
                }
            }
        }
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
                    problems.add(new MappingProblem(file, line, column.name(), "BAD_DATE",
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

    /** The same record gives the same id: by the mapping's id columns, else by agency, file, line and text. */
    private String messageId(FileContext context, int line, String raw, Map<ColumnSpec, String> cells) {
        StringBuilder name = new StringBuilder(context.agencyId()).append('\u001F');
        if (spec.idColumns().isEmpty()) {
            name.append(context.fileName()).append('\u001F').append(line).append('\u001F').append(raw);
        } else {
            name.append(spec.id());
            for (String idColumn : spec.idColumns()) {
                ColumnSpec column = spec.columns().stream().filter(c -> c.key().equals(Texts.key(idColumn))).findFirst().orElseThrow();
                name.append('\u001F').append(Texts.key(cells.get(column)));
            }
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
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
        return new MappingProblem(file, line, column.name(), "MISSING_VALUE",
                "必須の項目「" + column.name() + "」が空です。", "The required column '" + column.name() + "' is empty.");
    }

    private static MappingProblem unknownCode(String file, int line, ColumnSpec column) {
        return new MappingProblem(file, line, column.name(), "UNKNOWN_CODE",
                "「" + column.name() + "」の値がマッピングのコード表にありません。",
                "The value of '" + column.name() + "' is not in the mapping's code table.");
    }
}
