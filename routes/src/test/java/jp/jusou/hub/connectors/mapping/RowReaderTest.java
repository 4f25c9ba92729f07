package jp.jusou.hub.connectors.mapping;

import static jp.jusou.hub.connectors.mapping.TestMappings.context;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One record's cells into a canonical message, or the problems that reject it (never a cell value). */
class RowReaderTest {

    private static final String YAML = """
            id: test-small
            type: referral
            messageId:
              columns: [番号]
            constants:
              - {to: /legalBasis/kind, value: consent}
            columns:
              - {name: 番号, to: /payload/referralId, required: true}
              - {name: 氏名, to: /payload/person/name, required: true}
              - {name: 課題, to: /payload/needs, kind: list, values: {借金: debt, ひきこもり: hikikomori}}
              - {name: 病名, kind: sensitive, dataClass: health, label: "病名: "}
              - {name: 健康, kind: sensitive, dataClass: health}
              - {name: 備考, kind: ignore}
            """;
    private static final List<String> HEADER = List.of("番号", "氏名", "課題", "病名", "健康", "備考");

    private final RowReader rows = new RowReader(TestMappings.load(YAML).spec());

    private Row read(String... cells) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < HEADER.size(); i++) {
            index.put(Texts.key(HEADER.get(i)), i);
        }
        return rows.read(List.of(cells), 5, String.join(",", cells), HEADER, index, context("f.csv"));
    }

    @Test
    void aGoodRecordBecomesAMessageWithTheEnvelopeConstantsAndSections() {
        Row row = read("R-1", "古賀 ミチ子", "借金;ひきこもり", "糖尿病", "通院中", "何でも");

        ObjectNode message = row.message();
        assertThat(row.problems()).isEmpty();
        assertThat(row.line()).isEqualTo(5);
        assertThat(message.get("type").asText()).isEqualTo("referral");
        assertThat(message.get("sender").asText()).isEqualTo("omuta-houkatsu-1");
        assertThat(message.get("municipality").asText()).isEqualTo("402028");
        assertThat(message.get("sentAt").asText()).isEqualTo("2026-11-20T10:15:00+09:00");
        assertThat(message.at("/legalBasis/kind").asText()).isEqualTo("consent");
        assertThat(message.at("/payload/needs").toString()).isEqualTo("[\"debt\",\"hikikomori\"]");
        assertThat(message.at("/payload/sensitive/0/text").asText()).isEqualTo("病名: 糖尿病");
        assertThat(message.at("/payload/sensitive/1/text").asText()).isEqualTo("通院中");
        assertThat(message.toString()).as("an ignored column goes nowhere").doesNotContain("何でも");
        String expectedId = UUID.nameUUIDFromBytes("omuta-houkatsu-1\u001Ftest-small\u001FR-1".getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(message.get("messageId").asText()).as("named by the id columns").isEqualTo(expectedId);
    }

    @Test
    void aRecordWithAnotherColumnCountIsRejectedWhole() {
        Row row = read("R-1", "古賀 ミチ子");
        assertThat(row.message()).isNull();
        assertThat(row.problems()).extracting(MappingProblem::code, MappingProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WRONG_COLUMN_COUNT", 5));
    }

    @Test
    void everyBadCellIsNamedByItsColumnWithoutItsValue() {
        Row row = read("R-1", "", "借金;宝くじ", "", "", "");
        assertThat(row.message()).isNull();
        assertThat(row.problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_VALUE", "氏名"),
                        org.assertj.core.groups.Tuple.tuple("UNKNOWN_CODE", "課題"));
        assertThat(row.problems().toString()).doesNotContain("宝くじ");
    }

    @Test
    void undecodableBytesRejectTheRecordNamingTheColumn() {
        Row row = read("R-1", "古賀 \uFFFD", "", "", "", "");
        assertThat(row.problems()).extracting(MappingProblem::code, MappingProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BAD_ENCODING", "氏名"));
    }
}
