package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.CP932;
import static jp.jusou.hub.connectors.mapping.TestMappings.HEADER;
import static jp.jusou.hub.connectors.mapping.TestMappings.context;
import static jp.jusou.hub.connectors.mapping.TestMappings.cp932;
import static jp.jusou.hub.connectors.mapping.TestMappings.referralMapping;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** windows-31j (not plain Shift_JIS), UTF-8 with BOM, undecodable bytes (writing in the vendor's encoding: {@link CsvWriterTest}). */
class CsvMappingEncodingTest {

    /** 〜 (0x8160), － (0x817C), ∥ (0x8161), ￢ (0x81CA), ① (NEC 0x8740), ㈱ (NEC), 髙﨑 (IBM extensions). */
    private static final String WINDOWS_ONLY = "10時～12時－∥￢①㈱髙﨑";

    private static final String ROW = "R-2026-0001,H-0042,髙﨑 由美,ﾀｶｻｷ ﾕﾐ,女,S53.9.30,0944-52-3187,8050,"
            + "\"" + WINDOWS_ONLY + "\r\n２行目\",,多機関,CN-T-omuta-houkatsu-1\r\n";

    @Test
    void windows31jCharactersSurviveReading() {
        byte[] bytes = cp932(HEADER + ROW);
        assertThat(bytes).containsSubsequence((byte) 0x81, (byte) 0x60).containsSubsequence((byte) 0x81, (byte) 0x7C)
                .containsSubsequence((byte) 0x87, (byte) 0x40);
        assertThat(new String(bytes, Charset.forName("Shift_JIS"))).as("plain Shift_JIS would lose them")
                .doesNotContain(WINDOWS_ONLY);

        Row row = referralMapping().read(bytes, context("f.csv")).rows().get(0);

        assertThat(row.problems()).isEmpty();
        assertThat(row.message().at("/payload/summary").asText()).isEqualTo(WINDOWS_ONLY + "\r\n２行目");
        assertThat(row.message().at("/payload/person/name").asText()).isEqualTo("髙﨑 由美");
    }

    @Test
    void cp932BytesRoundTripUnchanged() {
        CsvMapping mapping = referralMapping();
        // NFKC columns (kana, phone) are normalised on reading, so the row uses their normalised forms
        byte[] original = cp932(HEADER + ROW.replace("ﾀｶｻｷ ﾕﾐ", "タカサキ ユミ"));

        MappingResult result = mapping.read(original, context("f.csv"));
        CsvOutput output = mapping.write(List.of(result.rows().get(0).message()));

        assertThat(output.charset()).isEqualTo(CP932);
        assertThat(output.replaced()).isEmpty();
        assertThat(output.content()).isEqualTo(original);
    }

    @Test
    void aUtf8BomIsDetectedAndStrippedWhateverTheMappingSays() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write((HEADER + ROW.replace("～", "〜")).getBytes(StandardCharsets.UTF_8));

        MappingResult result = referralMapping().read(bytes.toByteArray(), context("bom.csv"));

        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.bom()).isTrue();
        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.rows().get(0).message().at("/payload/referralId").asText()).isEqualTo("R-2026-0001");
        assertThat(result.rows().get(0).message().at("/payload/summary").asText()).startsWith("10時〜12時");
    }

    @Test
    void aUtf8MappingReadsUtf8WithoutBom() {
        CsvMapping mapping = TestMappings.load("encoding: utf-8\n" + TestMappings.REFERRAL_YAML);
        MappingResult result = mapping.read((HEADER + ROW).getBytes(StandardCharsets.UTF_8), context("u.csv"));

        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.bom()).isFalse();
        assertThat(result.accepted()).hasSize(1);
        assertThat(mapping.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void undecodableBytesRejectOnlyTheirRows() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(cp932(HEADER + ROW));
        // an invalid trail byte after a lead byte, and a lone 0xA0
        bytes.write(cp932("R-2026-0002,H-0043,"));
        bytes.write(new byte[] {(byte) 0x82, 0x20, (byte) 0xA0});
        bytes.write(cp932(",,女,S19.3.12,,,,,多機関,CN-1\r\n"));
        bytes.write(cp932(ROW.replace("R-2026-0001", "R-2026-0003")));

        MappingResult result = referralMapping().read(bytes.toByteArray(), context("bad.csv"));

        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.accepted()).extracting(Row::line).containsExactly(2, 5);
        assertThat(result.rejected()).hasSize(1);
        Row bad = result.rejected().get(0);
        assertThat(bad.line()).isEqualTo(4);
        assertThat(bad.problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BAD_ENCODING", "氏名"));
    }

    @Test
    void aFileInAnotherEncodingIsAFileProblem() {
        CsvMapping mapping = TestMappings.load("encoding: utf-8\n" + TestMappings.REFERRAL_YAML);
        MappingResult result = mapping.read(cp932(HEADER + ROW), context("sjis.csv"));

        assertThat(result.rows()).isEmpty();
        assertThat(result.fileProblems()).extracting(MappingProblem::code, MappingProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BAD_ENCODING", 1));
    }
}
