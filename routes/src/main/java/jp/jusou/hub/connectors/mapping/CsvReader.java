package jp.jusou.hub.connectors.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one vendor file: its encoding (a UTF-8 BOM wins over the mapping's), its CSV records, its
 * header against the mapping's columns, and each record's first line and raw text; each record then
 * becomes a message through the {@link RowReader}. Never throws for bad data: problems of the file as a
 * whole go to {@link MappingResult#fileProblems()}.
 */
final class CsvReader {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final MappingSpec spec;
    private final RowReader rows;

    CsvReader(MappingSpec spec) {
        this.spec = spec;
        this.rows = new RowReader(spec);
    }

    MappingResult read(byte[] content, FileContext context) {
        String file = context.fileName();
        List<MappingProblem> fileProblems = new ArrayList<>();
        boolean bom = content.length >= 3 && Arrays.equals(content, 0, 3, UTF8_BOM, 0, 3);
        Charset used = bom ? StandardCharsets.UTF_8 : spec.charset();
        int offset = bom ? 3 : 0;
        String text = decode(content, offset, used);
        if (text.isBlank()) {
            fileProblems.add(new MappingProblem(file, 0, null, "EMPTY_FILE", "ファイルが空です。", "The file is empty."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        LineIndex lines = new LineIndex(text);

        List<CSVRecord> records = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(spec.delimiter()).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            try {
                for (CSVRecord record : parser) {
                    records.add(record);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                int line = records.isEmpty() ? 1 : (int) parser.getCurrentLineNumber() + 1;
                fileProblems.add(new MappingProblem(file, line, null, "CSV_SYNTAX",
                        "CSVの構文が正しくありません（閉じられていない引用符など）。この行以降は読み込んでいません。",
                        "The CSV syntax is broken (e.g. an unclosed quote); nothing from this line on was read."));
            }
        } catch (IOException e) {
            fileProblems.add(new MappingProblem(file, 0, null, "CSV_SYNTAX", "CSVを読み込めません。", "The CSV cannot be parsed."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        if (records.isEmpty()) {
            fileProblems.add(new MappingProblem(file, 0, null, "EMPTY_FILE", "ファイルにヘッダー行がありません。", "The file has no header line."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }

        CSVRecord header = records.get(0);
        int headerLine = lines.lineOf(recordStart(text, header));
        if (header.stream().anyMatch(h -> h.indexOf('\uFFFD') >= 0)) {
            fileProblems.add(new MappingProblem(file, headerLine, null, "BAD_ENCODING",
                    "ヘッダー行を " + used.name() + " として解読できません。文字コードが違う可能性があります。",
                    "The header line cannot be decoded as " + used.name() + "; the file is probably in another encoding."));
            return new MappingResult(used, bom, List.of(), fileProblems);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(Texts.key(header.get(i)), i);
        }
        for (ColumnSpec column : spec.columns()) {
            if (!index.containsKey(column.key())) {
                fileProblems.add(new MappingProblem(file, headerLine, column.name(), "MISSING_COLUMN",
                        "ヘッダーに列「" + column.name() + "」がありません。",
                        "The header has no column '" + column.name() + "'."));
            }
        }
        if (!fileProblems.isEmpty() && fileProblems.stream().anyMatch(p -> p.code().equals("MISSING_COLUMN"))) {
            return new MappingResult(used, bom, List.of(), fileProblems);
        }

        List<Row> read = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            CSVRecord record = records.get(r);
            int start = recordStart(text, record);
            int end = r + 1 < records.size() ? recordStart(text, records.get(r + 1)) : text.length();
            String raw = stripLineEnd(text.substring(start, end));
            read.add(rows.read(record.toList(), lines.lineOf(start), raw, header.toList(), index, context));
        }
        return new MappingResult(used, bom, read, fileProblems);
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
}
