package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.HEADER;
import static jp.jusou.hub.connectors.mapping.TestMappings.context;
import static jp.jusou.hub.connectors.mapping.TestMappings.cp932;
import static jp.jusou.hub.connectors.mapping.TestMappings.referralMapping;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading vendor rows into canonical messages: envelope, targets, value maps, lists, sensitive sections, ids. */
class CsvMappingReadTest {

    private static final String GOOD = "R-2026-0001,H-0042,古賀 ミチ子,ｺｶﾞ ﾐﾁｺ,女,S19.3.12,０９４４－５２－３１８７,8050;ひきこもり,"
            + "長男が約20年ひきこもり。,2型糖尿病で通院中。,多機関,CN-T-omuta-houkatsu-1\r\n";

    @Test
    void buildsAValidReferralWithTheEnvelopeFromTheFileContext() {
        MappingResult result = referralMapping().read(cp932(HEADER + GOOD), context("referrals-20261120.csv"));

        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.rows()).hasSize(1);
        Row row = result.rows().get(0);
        assertThat(row.line()).isEqualTo(2);
        assertThat(row.problems()).isEmpty();
        ObjectNode m = row.message();
        assertThat(m.get("messageId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(m.get("type").asText()).isEqualTo("referral");
        assertThat(m.get("schemaVersion").asText()).isEqualTo("1");
        assertThat(m.get("sentAt").asText()).isEqualTo("2026-11-20T10:15:00+09:00");
        assertThat(m.get("sender").asText()).isEqualTo("omuta-houkatsu-1");
        assertThat(m.get("municipality").asText()).isEqualTo("402028");
        assertThat(m.at("/subject/localId").asText()).isEqualTo("H-0042");
        assertThat(m.at("/legalBasis/kind").asText()).isEqualTo("consent");
        assertThat(m.at("/legalBasis/consentId").asText()).isEqualTo("CN-T-omuta-houkatsu-1");
        JsonNode p = m.get("payload");
        assertThat(p.get("referralId").asText()).isEqualTo("R-2026-0001");
        assertThat(p.get("to").asText()).isEqualTo("omuta-takikan");
        assertThat(p.at("/person/name").asText()).isEqualTo("古賀 ミチ子");
        assertThat(p.at("/person/nameKana").asText()).isEqualTo("コガ ミチコ");
        assertThat(p.at("/person/sex").asText()).isEqualTo("female");
        assertThat(p.at("/person/birthDate").asText()).isEqualTo("1944-03-12");
        assertThat(p.at("/person/phone").asText()).isEqualTo("0944-52-3187");
        assertThat(p.get("needs")).hasSize(2);
        assertThat(p.at("/needs/0").asText()).isEqualTo("8050");
        assertThat(p.at("/needs/1").asText()).isEqualTo("hikikomori");
        assertThat(p.get("summary").asText()).isEqualTo("長男が約20年ひきこもり。");
        assertThat(p.at("/sensitive/0/dataClass").asText()).isEqualTo("health");
        assertThat(p.at("/sensitive/0/text").asText()).isEqualTo("2型糖尿病で通院中。");
        assertThat(TestMappings.validate(m)).isEmpty();
    }

    @Test
    void emptyOptionalCellsProduceNoField() {
        String row = "R-2026-0002,H-0050,田中 義男,,,,,,,,包括1,CN-T-omuta-houkatsu-1\r\n";
        ObjectNode m = referralMapping().read(cp932(HEADER + row), context("f.csv")).rows().get(0).message();

        assertThat(m).isNotNull();
        assertThat(m.at("/payload/person").size()).isEqualTo(1);
        assertThat(m.get("payload").has("needs")).isFalse();
        assertThat(m.get("payload").has("summary")).isFalse();
        assertThat(m.get("payload").has("sensitive")).isFalse();
        assertThat(TestMappings.validate(m)).isEmpty();
    }

    @Test
    void headersAndCodedValuesMatchAfterNfkcButFreeTextIsKept() {
        // full-width フリガナ header, full-width digits in codes and a full-width list separator
        String header = HEADER.replace("ﾌﾘｶﾞﾅ", "フリガナ").replace("番号,", "番号 ,");
        String row = "R-2026-0003,H-0051,松尾 和子,ﾏﾂｵ ｶｽﾞｺ,女,Ｓ１２．１．５,090－2231－4408,８０５０；ﾋｷｺﾓﾘ；借金,"
                + "ﾃｽﾄ　１２３～ＡＢＣ,,包括１,CN-T-omuta-houkatsu-1\r\n";
        MappingResult result = referralMapping().read(cp932(header + row), context("f.csv"));

        assertThat(result.fileProblems()).isEmpty();
        JsonNode p = result.rows().get(0).message().get("payload");
        assertThat(p.get("to").asText()).isEqualTo("omuta-houkatsu-1");
        assertThat(p.at("/person/nameKana").asText()).isEqualTo("マツオ カズコ");
        assertThat(p.at("/person/birthDate").asText()).isEqualTo("1937-01-05");
        assertThat(p.at("/person/phone").asText()).isEqualTo("090-2231-4408");
        assertThat(p.get("needs").toString()).isEqualTo("[\"8050\",\"hikikomori\",\"debt\"]");
        assertThat(p.get("summary").asText()).isEqualTo("ﾃｽﾄ　１２３～ＡＢＣ"); // unchanged
    }

    @Test
    void aBadRowIsRejectedWithLineColumnAndCodeAndTheOthersAreAccepted() {
        String file = HEADER + GOOD
                + "R-2026-0010,H-0060,,ｱ,女,S19.3.12,,,,,多機関,CN-1\r\n"               // line 3: missing name
                + "R-2026-0011,H-0061,宮本 静江,ｱ,女,S19.3.12,,,,,包括9,CN-1\r\n"       // line 4: unknown code
                + "R-2026-0012,H-0062,宮本 静江,ｱ,女,R6.2.30,,,,,多機関,CN-1\r\n"       // line 5: bad date
                + "R-2026-0013,H-0063,宮本 静江,ｱ,女,S19.3.12,,,,,多機関\r\n"            // line 6: 11 columns
                + "R-2026-0014,H-0064,宮本 静江,ｱ,不明,S19.3.12,,,,,多機関,CN-1\r\n"     // line 7: unknown sex code
                + "R-2026-0015,H-0065,宮本 静江,ｱ,女,S19.3.12,,8050;孤独,,,多機関,CN-1\r\n" // line 8: unknown list item
                + "R-2026-0016,H-0066,平野 清,ﾋﾗﾉ ｷﾖｼ,男,T15.2.10,,,,,多機関,CN-1\r\n";    // line 9: fine
        MappingResult result = referralMapping().read(cp932(file), context("f.csv"));

        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.accepted()).extracting(Row::line).containsExactly(2, 9);
        assertThat(result.rejected()).extracting(Row::line).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(result.rejected()).allSatisfy(r -> {
            assertThat(r.message()).isNull();
            assertThat(r.problems()).hasSize(1);
            assertThat(r.problems().get(0).file()).isEqualTo("f.csv");
            assertThat(r.problems().get(0).line()).isEqualTo(r.line());
            assertThat(r.problems().get(0).ja()).isNotBlank();
            assertThat(r.problems().get(0).en()).isNotBlank();
        });
        List<Row> rejected = result.rejected();
        assertThat(rejected.get(0).problems().get(0)).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly("MISSING_VALUE", "氏名");
        assertThat(rejected.get(1).problems().get(0)).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly("UNKNOWN_CODE", "紹介先");
        assertThat(rejected.get(2).problems().get(0)).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly("BAD_DATE", "生年月日");
        assertThat(rejected.get(3).problems().get(0).code()).isEqualTo("WRONG_COLUMN_COUNT");
        assertThat(rejected.get(4).problems().get(0)).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly("UNKNOWN_CODE", "性別");
        assertThat(rejected.get(5).problems().get(0)).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly("UNKNOWN_CODE", "課題");
    }

    @Test
    void messageIdsAreDeterministicPerAgencyFileLineAndRecord() {
        CsvMapping mapping = referralMapping();
        byte[] file = cp932(HEADER + GOOD + GOOD.replace("R-2026-0001", "R-2026-0002"));
        List<Row> first = mapping.read(file, context("a.csv")).rows();
        List<Row> again = mapping.read(file, context("a.csv")).rows();
        List<Row> otherFile = mapping.read(file, context("b.csv")).rows();
        FileContext otherAgency = new FileContext("omuta-houkatsu-2", "402028", "a.csv", TestMappings.RECEIVED);
        List<Row> otherSender = mapping.read(file, otherAgency).rows();

        assertThat(id(first.get(0))).isEqualTo(id(again.get(0)));
        assertThat(id(first.get(1))).isEqualTo(id(again.get(1)));
        assertThat(id(first.get(0))).isNotEqualTo(id(first.get(1)));
        assertThat(id(first.get(0))).isNotEqualTo(id(otherFile.get(0)));
        assertThat(id(first.get(0))).isNotEqualTo(id(otherSender.get(0)));
        String expected = java.util.UUID.nameUUIDFromBytes(("omuta-houkatsu-1\u001Fa.csv\u001F2\u001F" + GOOD.strip())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        assertThat(id(first.get(0))).isEqualTo(expected);
    }

    @Test
    void idColumnsMakeTheMessageIdIndependentOfFileAndLine() {
        CsvMapping mapping = TestMappings.load(TestMappings.REFERRAL_YAML.replace("type: referral\n",
                "type: referral\nmessageId:\n  columns: [番号]\n"));
        Row a = mapping.read(cp932(HEADER + GOOD), context("a.csv")).rows().get(0);
        Row b = mapping.read(cp932(HEADER + "\r\n\r\n" + GOOD.replace("古賀", "古閑")), context("b.csv")).rows().get(0);
        Row c = mapping.read(cp932(HEADER + GOOD.replace("R-2026-0001", "R-2026-0009")), context("a.csv")).rows().get(0);

        assertThat(id(a)).isEqualTo(id(b));
        assertThat(id(a)).isNotEqualTo(id(c));
    }

    @Test
    void gaijiHoldsTheRowByDefaultAndNamesOnlyTheColumnAndCodePoint() {
        byte[] file = cp932(HEADER + GOOD.replace("古賀 ミチ子", "塩\uE001 トミ"));
        assertThat(file).containsSubsequence((byte) 0xF0, (byte) 0x41); // CP932 user-defined area

        Row row = referralMapping().read(file, context("f.csv")).rows().get(0);

        assertThat(row.message()).isNull();
        assertThat(row.problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GAIJI", "氏名"));
        assertThat(row.reviewFlags()).hasSize(1);
        MappingProblem flag = row.reviewFlags().get(0);
        assertThat(flag.code()).isEqualTo("GAIJI");
        assertThat(flag.column()).isEqualTo("氏名");
        assertThat(flag.en()).contains("U+E001").doesNotContain("塩").doesNotContain("トミ");
        assertThat(flag.ja()).contains("U+E001").doesNotContain("塩").doesNotContain("トミ");
    }

    @Test
    void gaijiPassKeepsTheCharacterAndStillFlagsTheRow() {
        CsvMapping mapping = TestMappings.load("gaiji: pass\n" + TestMappings.REFERRAL_YAML);
        Row row = mapping.read(cp932(HEADER + GOOD.replace("古賀 ミチ子", "塩\uE001 トミ")), context("f.csv")).rows().get(0);

        assertThat(row.problems()).isEmpty();
        assertThat(row.message().at("/payload/person/name").asText()).isEqualTo("塩\uE001 トミ");
        assertThat(row.reviewFlags()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GAIJI", "氏名"));
    }

    @Test
    void aTypeColumnSelectsTheMessageTypeAndTheColumnsThatApply() {
        CsvMapping mapping = TestMappings.load("""
                id: test-status
                constants:
                  - {to: /legalBasis/kind, value: consent, types: [referral]}
                columns:
                  - {name: 種別, kind: type, values: {紹介: referral, 状況: referral-status}}
                  - {name: 受付番号, to: /payload/referralId, required: true}
                  - {name: 番号, to: /subject/localId, required: true}
                  - {name: 状況, to: /payload/status, types: [referral-status], required: true,
                     values: {受理: accepted, 対応中: in-progress, 終了: completed}}
                  - {name: 氏名, to: /payload/person/name, types: [referral], required: true}
                  - {name: 紹介先, to: /payload/to, types: [referral], required: true, values: {多機関: omuta-takikan}}
                  - {name: 同意番号, to: /legalBasis/consentId, types: [referral], required: true}
                """);
        String file = "種別,受付番号,番号,状況,氏名,紹介先,同意番号\r\n"
                + "状況,R-2026-0001,J-1,対応中,,,\r\n"
                + "紹介,R-2026-0002,J-2,,古賀 ミチ子,多機関,CN-1\r\n"
                + "照会,R-2026-0003,J-3,,,,\r\n"
                + "状況,R-2026-0004,J-4,,,,\r\n";
        MappingResult result = mapping.read(cp932(file), context("s.csv"));

        assertThat(mapping.canWrite("referral")).isTrue();
        assertThat(mapping.canWrite("referral-status")).isTrue();
        assertThat(mapping.canWrite("consent")).isFalse();
        ObjectNode status = result.rows().get(0).message();
        assertThat(status.get("type").asText()).isEqualTo("referral-status");
        assertThat(status.at("/payload/status").asText()).isEqualTo("in-progress");
        assertThat(status.has("legalBasis")).isFalse();
        assertThat(TestMappings.validate(status)).isEmpty();
        ObjectNode referral = result.rows().get(1).message();
        assertThat(referral.get("type").asText()).isEqualTo("referral");
        assertThat(referral.at("/payload").has("status")).isFalse();
        assertThat(TestMappings.validate(referral)).isEmpty();
        assertThat(result.rows().get(2).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("UNKNOWN_CODE", "種別"));
        assertThat(result.rows().get(3).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_VALUE", "状況"));
    }

    @Test
    void theReportHasLinesCodesAndColumnsButNoCellValues() throws Exception {
        String gaiji = GOOD.replace("古賀 ミチ子", "塩\uE001 トミ").replace("R-2026-0001", "R-2026-0005");
        String badDate = "R-2026-0006,H-0077,宮本 静江,ﾐﾔﾓﾄ ｼｽﾞｴ,女,R6.2.30,0944-53-1120,孤立,独居,,多機関,CN-T-x\r\n";
        MappingResult result = referralMapping().read(cp932(HEADER + GOOD + gaiji + badDate), context("r.csv"));

        JsonNode report = result.toReportJson();
        String text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report);

        assertThat(report.get("file").asText()).isEqualTo("r.csv");
        assertThat(report.get("charset").asText()).isEqualTo("windows-31j");
        assertThat(report.at("/counts/rows").asInt()).isEqualTo(3);
        assertThat(report.at("/counts/accepted").asInt()).isEqualTo(1);
        assertThat(report.at("/counts/rejected").asInt()).isEqualTo(2);
        assertThat(report.at("/rows/0/status").asText()).isEqualTo("accepted");
        assertThat(report.at("/rows/1/line").asInt()).isEqualTo(3);
        assertThat(report.at("/rows/1/status").asText()).isEqualTo("rejected");
        assertThat(report.at("/rows/1/problems/0/code").asText()).isEqualTo("GAIJI");
        assertThat(report.at("/rows/1/reviewFlags/0/column").asText()).isEqualTo("氏名");
        assertThat(report.at("/rows/2/problems/0/code").asText()).isEqualTo("BAD_DATE");
        assertThat(report.at("/rows/2/problems/0/message/ja").asText()).isNotBlank();
        assertThat(report.at("/rows/2/problems/0/message/en").asText()).isNotBlank();
        for (String value : List.of("古賀", "ミチ子", "塩", "トミ", "宮本", "ﾐﾔﾓﾄ", "R6.2.30", "0944", "H-0042", "H-0077",
                "R-2026-0001", "孤立", "独居", "CN-T", "糖尿病", "多機関", "omuta-takikan")) {
            assertThat(text).as("report must not contain a cell value").doesNotContain(value);
        }
        assertThat(result.toReportJson("other.csv").get("file").asText()).isEqualTo("other.csv");
    }

    private static String id(Row row) {
        return row.message().get("messageId").asText();
    }
}
