package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.CP932;
import static jp.jusou.hub.connectors.mapping.TestMappings.HEADER;
import static jp.jusou.hub.connectors.mapping.TestMappings.referralMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writing canonical messages as the vendor's CSV, in its encoding: header, CRLF records, 〓 for what it cannot hold. */
class CsvWriterTest {

    private static CsvWriter writer() {
        return new CsvWriter(referralMapping().spec());
    }

    @Test
    void writingMapsUnicodeVariantsToTheirWindows31jForms() throws Exception {
        ObjectNode message = message("10時\u301C12時\u2212\u2016\u00A2\u00A3\u00AC");

        CsvOutput output = writer().write(List.of(message));

        assertThat(output.replaced()).isEmpty();
        String written = new String(output.content(), CP932);
        assertThat(written).contains("10時\uFF5E12時\uFF0D\u2225\uFFE0\uFFE1\uFFE2");
        assertThat(output.content()).containsSubsequence((byte) 0x81, (byte) 0x60); // 〜 as CP932 0x8160
    }

    @Test
    void unrepresentableCharactersBecomeGetaAndAreListed() throws Exception {
        ObjectNode first = message("ふつう");
        ObjectNode second = message("𠮷野家で😀");
        ((ObjectNode) second.get("payload")).put("summary", "一行目\r\n二行目");

        CsvOutput output = writer().write(List.of(first, second));

        String written = new String(output.content(), CP932);
        assertThat(written).contains("〓野家で〓");
        assertThat(output.replaced()).extracting(MappingProblem::line, MappingProblem::column, MappingProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "氏名", "UNREPRESENTABLE"),
                        org.assertj.core.groups.Tuple.tuple(3, "氏名", "UNREPRESENTABLE"));
        assertThat(output.replaced().get(0).en()).contains("U+20BB7");
        assertThat(output.replaced().get(1).en()).contains("U+1F600");
    }

    @Test
    void writesAHeaderAndOneCrlfRecordPerMessage() throws Exception {
        CsvMapping mapping = referralMapping();
        CsvOutput output = new CsvWriter(mapping.spec()).write(List.of(message("古賀 ミチ子"), message("田中 義男")));
        String written = new String(output.content(), CP932);

        assertThat(written).isEqualTo(HEADER
                + "R-2026-0001,H-0042,古賀 ミチ子,コガ ミチコ,女,S19.3.12,0944-52-3187,8050;ひきこもり,,,多機関,CN-T-omuta-houkatsu-1\r\n"
                + "R-2026-0001,H-0042,田中 義男,コガ ミチコ,女,S19.3.12,0944-52-3187,8050;ひきこもり,,,多機関,CN-T-omuta-houkatsu-1\r\n");
        assertThat(mapping.canWrite("referral")).isTrue();
        assertThat(mapping.canWrite("referral-status")).isFalse();
        ObjectNode status = message("x").put("type", "referral-status");
        assertThatThrownBy(() -> new CsvWriter(mapping.spec()).write(List.of(status))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sensitiveSectionsGoToTheirColumnsByLabelThenInOrder() throws Exception {
        CsvMapping mapping = TestMappings.load("""
                id: test-sections
                type: referral
                encoding: utf-8
                columns:
                  - {name: 番号, to: /payload/referralId}
                  - {name: 病名, kind: sensitive, dataClass: health, label: "病名: "}
                  - {name: 健康1, kind: sensitive, dataClass: health}
                  - {name: 健康2, kind: sensitive, dataClass: health}
                  - {name: 生活, kind: sensitive, dataClass: finance}
                """);
        JsonNode message = new ObjectMapper().readTree("""
                {"type": "referral", "payload": {"referralId": "R-1", "sensitive": [
                  {"dataClass": "health", "text": "通院中"},
                  {"dataClass": "finance", "text": "独居"},
                  {"dataClass": "health", "text": "病名: 糖尿病"},
                  {"dataClass": "health", "text": "服薬あり"}]}}
                """);

        CsvOutput output = new CsvWriter(mapping.spec()).write(List.of(message));

        assertThat(new String(output.content(), StandardCharsets.UTF_8))
                .isEqualTo("番号,病名,健康1,健康2,生活\r\nR-1,糖尿病,通院中,服薬あり,独居\r\n");
        assertThat(output.replaced()).isEmpty();
    }

    private static ObjectNode message(String name) throws Exception {
        JsonNode node = new ObjectMapper().readTree("""
                {"messageId": "m-1", "type": "referral", "schemaVersion": "1", "sentAt": "2026-11-20T10:15:00+09:00",
                 "sender": "omuta-houkatsu-1", "municipality": "402028", "subject": {"localId": "H-0042"},
                 "legalBasis": {"kind": "consent", "consentId": "CN-T-omuta-houkatsu-1"},
                 "payload": {"referralId": "R-2026-0001", "to": "omuta-takikan",
                   "person": {"name": "x", "nameKana": "コガ ミチコ", "birthDate": "1944-03-12", "sex": "female", "phone": "0944-52-3187"},
                   "needs": ["8050", "hikikomori"]}}
                """);
        ((ObjectNode) node.at("/payload/person")).put("name", name);
        return (ObjectNode) node;
    }
}
