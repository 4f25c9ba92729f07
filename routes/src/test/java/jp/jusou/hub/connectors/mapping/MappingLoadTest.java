package jp.jusou.hub.connectors.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Loading mapping files: the shipped ones load; broken ones fail with the file, the line and the problem. */
class MappingLoadTest {

    @Test
    void theShippedMappingsLoad() throws Exception {
        CsvMapping carelink = TestMappings.loadFile("carelink-houkatsu-v3");
        CsvMapping jiritsu = TestMappings.loadFile("jiritsu-soudan-v2");

        assertThat(carelink.id()).isEqualTo("carelink-houkatsu-v3");
        assertThat(carelink.charset()).isEqualTo(TestMappings.CP932);
        assertThat(carelink.canWrite("referral")).isTrue();
        assertThat(carelink.canWrite("referral-status")).isFalse();
        assertThat(jiritsu.id()).isEqualTo("jiritsu-soudan-v2");
        assertThat(jiritsu.canWrite("referral")).isTrue();
        assertThat(jiritsu.canWrite("referral-status")).isTrue();
        assertThat(jiritsu.columnNames()).startsWith("記録種別", "受付番号", "相談者番号");
    }

    @Test
    void aSchemaViolationNamesTheFileAndTheLine() {
        MappingException e = fail("""
                id: broken
                type: referral
                columns:
                  - name: 番号
                    to: /payload/referralId
                  - name: 生年月日
                    to: /payload/person/birthDate
                    kind: dat
                """);

        assertThat(e.problems()).hasSize(1);
        MappingProblem p = e.problems().get(0);
        assertThat(p.file()).isEqualTo("broken.yaml");
        assertThat(p.code()).isEqualTo("MAPPING_SCHEMA");
        assertThat(p.line()).isEqualTo(8);
        assertThat(p.en()).contains("kind");
        assertThat(p.ja()).isNotBlank();
        assertThat(e.getMessage()).contains("broken.yaml:8");
    }

    @Test
    void everySchemaViolationIsListedWithItsOwnLine() {
        MappingException e = fail("""
                id: Broken_Id
                encoding: shift_jis
                type: referral
                columns:
                  - name: 番号
                    to: /payload/referralId
                  - name: 氏名
                    required: yes please
                  - name: 健康状態
                    kind: sensitive
                """);

        assertThat(e.problems()).extracting(MappingProblem::line).contains(1, 2, 7, 8, 9);
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.code()).isEqualTo("MAPPING_SCHEMA"));
    }

    @Test
    void whatTheSchemaCannotSayIsCheckedWithLinesToo() {
        MappingException e = fail("""
                id: semantic
                type: referral
                messageId:
                  columns: [受付番号]
                columns:
                  - name: 番号
                    to: /payload/referralId
                  - name: 番号
                    to: /subject/localId
                  - name: 状況
                    to: /payload/status
                    types: [referral-status]
                  - name: 性別
                    to: /payload/person/sex
                    values: {女: female, ｵﾄｺ: male, オトコ: male}
                """);

        assertThat(e.problems()).extracting(MappingProblem::code).containsOnly("MAPPING_INVALID");
        assertThat(e.problems()).extracting(MappingProblem::line, MappingProblem::column).contains(
                org.assertj.core.groups.Tuple.tuple(8, "番号"),
                org.assertj.core.groups.Tuple.tuple(12, "状況"),
                org.assertj.core.groups.Tuple.tuple(4, "受付番号"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.column()).isEqualTo("性別"));
    }

    @Test
    void theTypeComesFromExactlyOnePlace() {
        MappingException both = fail("""
                id: both
                type: referral
                columns:
                  - {name: 種別, kind: type, values: {紹介: referral}}
                """);
        assertThat(both.problems()).extracting(MappingProblem::code, MappingProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MAPPING_INVALID", 2));

        MappingException neither = fail("""
                id: neither
                columns:
                  - {name: 番号, to: /payload/referralId}
                """);
        assertThat(neither.problems()).extracting(MappingProblem::code).containsExactly("MAPPING_INVALID");
    }

    @Test
    void brokenYamlNamesTheLine() {
        MappingException e = fail("""
                id: yaml
                type: referral
                columns:
                  - name: "unclosed
                    to: /payload/referralId
                """);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).code()).isEqualTo("MAPPING_SYNTAX");
        assertThat(e.problems().get(0).line()).isGreaterThanOrEqualTo(4);
    }

    private static MappingException fail(String yaml) {
        String name = yaml.substring(4, yaml.indexOf('\n')).strip().toLowerCase(java.util.Locale.ROOT) + ".yaml";
        return catchThrowableOfType(MappingException.class,
                () -> CsvMapping.load(name, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }
}
