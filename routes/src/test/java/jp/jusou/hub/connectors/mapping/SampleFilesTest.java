package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed vendor samples: what is accepted and rejected, schema validity, and read -> write -> read. */
class SampleFilesTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("carelink-houkatsu-v3", "omuta-houkatsu-1", "referrals-20261120.csv"),
                Arguments.of("jiritsu-soudan-v2", "omuta-jiritsu", "referrals-20261121.csv"),
                Arguments.of("jiritsu-soudan-v2", "omuta-jiritsu", "referrals-20261122.csv"));
    }

    @Test
    void carelinkSample() throws Exception {
        MappingResult result = read("carelink-houkatsu-v3", "omuta-houkatsu-1", "referrals-20261120.csv");

        assertThat(result.charset()).isEqualTo(TestMappings.CP932);
        assertThat(result.bom()).isFalse();
        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.accepted()).extracting(Row::line).containsExactly(2, 4, 7, 8, 9);
        assertThat(result.rejected()).extracting(Row::line).containsExactly(5, 6);
        assertThat(result.rows().get(2).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(Tuple.tuple("BAD_DATE", "生年月日"));
        assertThat(result.rows().get(3).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(Tuple.tuple("GAIJI", "氏名"));
        assertThat(result.rows().get(3).reviewFlags().get(0).en()).contains("U+E001");

        ObjectNode koga = result.rows().get(0).message();
        assertThat(koga.at("/payload/person/nameKana").asText()).isEqualTo("コガ ミチコ");
        assertThat(koga.at("/payload/person/birthDate").asText()).isEqualTo("1944-03-12");
        assertThat(koga.at("/payload/person/phone").asText()).isEqualTo("0944-52-3187");
        assertThat(koga.at("/payload/summary").asText()).contains("\r\n本人は");
        assertThat(koga.at("/payload/respondBy").asText()).isEqualTo("2026-11-27");
        assertThat(koga.at("/payload/urgency").asText()).isEqualTo("urgent");
        assertThat(koga.at("/payload/sensitive").toString()).isEqualTo("[{\"dataClass\":\"health\",\"text\":\"要介護度：要支援2\"},"
                + "{\"dataClass\":\"health\",\"text\":\"2型糖尿病で通院中。服薬の飲み忘れあり。\"},"
                + "{\"dataClass\":\"finance\",\"text\":\"年金のみ（月額約11万円）。家賃2か月分の滞納あり。\"}]");
        assertThat(koga.at("/legalBasis/consentId").asText()).isEqualTo("CN-2026-0101");
        assertThat(result.rows().get(1).message().at("/payload/summary").asText()).contains("～", "－");
        assertThat(result.rows().get(4).message().at("/payload/summary").asText()).contains("①", "㈱");
        assertThat(result.rows().get(5).message().at("/payload/person/name").asText()).isEqualTo("髙﨑 由美");
        assertThat(result.rows().get(5).message().at("/payload").has("sensitive")).isFalse();
        assertThat(result.rows().get(6).message().at("/payload/person/birthDate").asText()).isEqualTo("1926-02-10");
    }

    @Test
    void jiritsuSampleInUtf8WithBom() throws Exception {
        MappingResult result = read("jiritsu-soudan-v2", "omuta-jiritsu", "referrals-20261121.csv");

        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.bom()).isTrue();
        assertThat(result.fileProblems()).isEmpty();
        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(Row::line).containsExactly(2, 4, 5, 6);
        assertThat(result.accepted()).extracting(r -> r.message().get("type").asText())
                .containsExactly("referral", "referral-status", "referral", "referral-status");
        ObjectNode inoue = result.rows().get(0).message();
        assertThat(inoue.at("/payload/person/birthDate").asText()).isEqualTo("1989-05-20"); // 平成元年
        assertThat(inoue.at("/payload/person/phone").asText()).isEqualTo("090-3321-7702");
        assertThat(inoue.at("/payload/to").asText()).isEqualTo("omuta-shogai");
        assertThat(inoue.at("/payload/needs").toString()).isEqualTo("[\"employment\",\"hikikomori\"]");
        assertThat(inoue.at("/payload/respondBy").asText()).isEqualTo("2026-11-28");
        ObjectNode status = result.rows().get(1).message();
        assertThat(status.at("/payload/status").asText()).isEqualTo("accepted");
        assertThat(status.at("/payload/receiverLocalId").asText()).isEqualTo("JR-0320");
        assertThat(status.has("legalBasis")).isFalse();
        assertThat(result.rows().get(2).message().at("/payload/person/nameKana").asText()).isEqualTo("モリ サチコ");
        // ids come from the vendor's record key, so the two status reports of one referral differ
        assertThat(status.get("messageId").asText()).isNotEqualTo(result.rows().get(3).message().get("messageId").asText());
    }

    @Test
    void jiritsuSampleInCp932() throws Exception {
        MappingResult result = read("jiritsu-soudan-v2", "omuta-jiritsu", "referrals-20261122.csv");

        assertThat(result.charset()).isEqualTo(TestMappings.CP932);
        assertThat(result.bom()).isFalse();
        assertThat(result.accepted()).extracting(Row::line).containsExactly(2, 3);
        assertThat(result.rejected()).extracting(Row::line).containsExactly(4, 5);
        assertThat(result.rows().get(0).message().at("/payload/status").asText()).isEqualTo("on-hold");
        assertThat(result.rows().get(0).message().at("/payload/reason").asText()).startsWith("本人と連絡");
        assertThat(result.rows().get(1).message().at("/payload/person/birthDate").asText()).isEqualTo("1989-01-05"); // 昭和64年
        assertThat(result.rows().get(2).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(Tuple.tuple("UNKNOWN_CODE", "状況"));
        assertThat(result.rows().get(3).problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(Tuple.tuple("MISSING_VALUE", "相談者氏名"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("samples")
    void everyMessageFromTheSamplesIsValidForTheHub(String mappingId, String agency, String file) throws Exception {
        MappingResult result = read(mappingId, agency, file);

        assertThat(result.accepted()).isNotEmpty();
        for (Row row : result.accepted()) {
            assertThat(TestMappings.validate(row.message())).as("line %d of %s", row.line(), file).isEmpty();
        }
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("samples")
    void readWriteReadGivesEqualMessages(String mappingId, String agency, String file) throws Exception {
        CsvMapping mapping = TestMappings.loadFile(mappingId);
        List<JsonNode> first = messages(mapping.read(TestMappings.sample(agency, file), context(agency, file)));

        CsvOutput written = mapping.write(first);
        assertThat(written.replaced()).isEmpty();
        MappingResult again = mapping.read(written.content(), context(agency, file));

        assertThat(again.fileProblems()).isEmpty();
        assertThat(again.rejected()).isEmpty();
        List<JsonNode> second = messages(again);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(withoutId(second.get(i))).isEqualTo(withoutId(first.get(i)));
        }
    }

    private static MappingResult read(String mappingId, String agency, String file) throws Exception {
        return TestMappings.loadFile(mappingId).read(TestMappings.sample(agency, file), context(agency, file));
    }

    private static FileContext context(String agency, String file) {
        return new FileContext(agency, "402028", file, RECEIVED);
    }

    private static List<JsonNode> messages(MappingResult result) {
        return result.accepted().stream().map(r -> (JsonNode) r.message()).toList();
    }

    private static JsonNode withoutId(JsonNode message) {
        ObjectNode copy = (ObjectNode) message.deepCopy();
        copy.remove("messageId");
        return copy;
    }
}
