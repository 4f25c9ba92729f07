package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.HEADER;
import static jp.jusou.hub.connectors.mapping.TestMappings.context;
import static jp.jusou.hub.connectors.mapping.TestMappings.cp932;
import static jp.jusou.hub.connectors.mapping.TestMappings.referralMapping;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A vendor file as a whole: its encoding, its records and their lines, its header; problems of the file. */
class CsvReaderTest {

    private static final String GOOD = "R-2026-0001,H-0042,古賀 ミチ子,ｺｶﾞ ﾐﾁｺ,女,S19.3.12,０９４４－５２－３１８７,8050;ひきこもり,"
            + "長男が約20年ひきこもり。,2型糖尿病で通院中。,多機関,CN-T-omuta-houkatsu-1\r\n";

    private final CsvReader reader = new CsvReader(referralMapping().spec());

    @Test
    void quotedFieldsMaySpanLinesAndTheLineIsTheRecordsFirstPhysicalLine() {
        String summary = "民生委員から連絡。\r\n同居の長男がひきこもり。\r\n「息子が心配」と話す。";
        String file = HEADER
                + "R-2026-0020,H-0070,古賀 ミチ子,,女,,,,\"" + summary + "\",,多機関,CN-1\r\n"
                + "\r\n"
                + "R-2026-0021,H-0071,\"田中, 義男\",,男,,,,\"He said \"\"hello\"\"\",,多機関,CN-1\r\n"
                + "R-2026-0022,H-0072,宮本 静江,,女,R6.2.30,,,,,多機関,CN-1";
        MappingResult result = reader.read(cp932(file), context("f.csv"));

        assertThat(result.rows()).extracting(Row::line).containsExactly(2, 6, 7);
        assertThat(result.rows().get(0).message().at("/payload/summary").asText()).isEqualTo(summary);
        assertThat(result.rows().get(1).message().at("/payload/person/name").asText()).isEqualTo("田中, 義男");
        assertThat(result.rows().get(1).message().at("/payload/summary").asText()).isEqualTo("He said \"hello\"");
        assertThat(result.rows().get(2).problems()).extracting(MappingProblem::line, MappingProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7, "BAD_DATE"));
    }

    @Test
    void fileLevelProblemsAreReportedWithoutRows() {
        MappingResult empty = reader.read(new byte[0], context("empty.csv"));
        assertThat(empty.fileProblems()).extracting(MappingProblem::code).containsExactly("EMPTY_FILE");
        assertThat(empty.rows()).isEmpty();

        MappingResult blank = reader.read(cp932("\r\n\r\n"), context("blank.csv"));
        assertThat(blank.fileProblems()).extracting(MappingProblem::code).containsExactly("EMPTY_FILE");

        MappingResult missing = reader.read(cp932(HEADER.replace(",紹介先", "").replace("同意番号", "同意") + GOOD), context("m.csv"));
        assertThat(missing.rows()).isEmpty();
        assertThat(missing.fileProblems()).extracting(MappingProblem::code, MappingProblem::column, MappingProblem::line)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", "紹介先", 1),
                        org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", "同意番号", 1));

        MappingResult headerOnly = reader.read(cp932(HEADER), context("h.csv"));
        assertThat(headerOnly.fileProblems()).isEmpty();
        assertThat(headerOnly.rows()).isEmpty();

        MappingResult unclosed = reader.read(cp932(HEADER + GOOD + "R-1,H-1,\"unclosed,x\r\n"), context("u.csv"));
        assertThat(unclosed.fileProblems()).extracting(MappingProblem::code).containsExactly("CSV_SYNTAX");
        assertThat(unclosed.accepted()).extracting(Row::line).containsExactly(2);
    }

    @Test
    void aUtf8BomWinsOverTheMappingsEncodingAndIsNotPartOfTheHeader() {
        byte[] text = (HEADER + GOOD).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        MappingResult result = reader.read(withBom, context("bom.csv"));

        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.bom()).isTrue();
        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.rows().get(0).message().at("/payload/person/name").asText()).isEqualTo("古賀 ミチ子");
    }

    @Test
    void headerColumnsMayComeInAnyOrderAndExtraColumnsAreIgnored() {
        String header = "備考," + HEADER.replace("番号,利用者番号,", "利用者番号,番号,");
        String row = "どうでもよい,H-0042,R-2026-0001," + GOOD.substring("R-2026-0001,H-0042,".length());

        MappingResult result = reader.read(cp932(header + row), context("o.csv"));

        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.rows().get(0).message().at("/payload/referralId").asText()).isEqualTo("R-2026-0001");
        assertThat(result.rows().get(0).message().at("/subject/localId").asText()).isEqualTo("H-0042");
    }
}
