package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Set;
import jp.jusou.hub.intake.SchemaCatalog;
import jp.jusou.hub.message.MessageType;

/** Shared fixtures: a small referral mapping, file contexts, CP932 bytes and the hub's schemas. */
final class TestMappings {

    static final Charset CP932 = Charset.forName("windows-31j");
    static final Path CONNECTORS = Path.of("..", "connectors");
    static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-20T10:15:00+09:00");

    /** A referral mapping with every column kind; the header of its files is {@link #HEADER}. */
    static final String REFERRAL_YAML = """
            id: test-referral
            type: referral
            constants:
              - to: /legalBasis/kind
                value: consent
            columns:
              - name: 番号
                to: /payload/referralId
                required: true
              - name: 利用者番号
                to: /subject/localId
                required: true
              - name: 氏名
                to: /payload/person/name
                required: true
              - name: ﾌﾘｶﾞﾅ
                to: /payload/person/nameKana
                normalize: nfkc
              - name: 性別
                to: /payload/person/sex
                values: {男: male, 女: female}
              - name: 生年月日
                to: /payload/person/birthDate
                kind: date
                format: era-short
              - name: 電話
                to: /payload/person/phone
                normalize: nfkc
              - name: 課題
                to: /payload/needs
                kind: list
                values: {"8050": "8050", ひきこもり: hikikomori, ヒキコモリ: hikikomori, 借金: debt}
              - name: 相談概要
                to: /payload/summary
              - name: 健康状態
                kind: sensitive
                dataClass: health
              - name: 紹介先
                to: /payload/to
                required: true
                values: {包括1: omuta-houkatsu-1, 多機関: omuta-takikan}
              - name: 同意番号
                to: /legalBasis/consentId
                required: true
            """;

    static final String HEADER = "番号,利用者番号,氏名,ﾌﾘｶﾞﾅ,性別,生年月日,電話,課題,相談概要,健康状態,紹介先,同意番号\r\n";

    private static SchemaCatalog catalog;

    private TestMappings() {
    }

    static CsvMapping load(String yaml) {
        try {
            return CsvMapping.load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (MappingException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static CsvMapping referralMapping() {
        return load(REFERRAL_YAML);
    }

    static CsvMapping loadFile(String mappingId) throws IOException, MappingException {
        Path file = CONNECTORS.resolve("mappings").resolve(mappingId + ".yaml");
        try (InputStream in = Files.newInputStream(file)) {
            return CsvMapping.load(file.getFileName().toString(), in);
        }
    }

    static byte[] sample(String agency, String fileName) throws IOException {
        return Files.readAllBytes(CONNECTORS.resolve("samples").resolve(agency).resolve(fileName));
    }

    static FileContext context(String fileName) {
        return new FileContext("omuta-houkatsu-1", "402028", fileName, RECEIVED);
    }

    static byte[] cp932(String text) {
        return text.getBytes(CP932);
    }

    /** The hub's own schema validation of a message (schemas/v1, JSON Schema 2020-12). */
    static synchronized Set<com.networknt.schema.ValidationMessage> validate(JsonNode message) {
        if (catalog == null) {
            catalog = new SchemaCatalog();
        }
        MessageType type = MessageType.fromWire(message.path("type").asText()).orElseThrow();
        return catalog.validate(type, message);
    }
}
