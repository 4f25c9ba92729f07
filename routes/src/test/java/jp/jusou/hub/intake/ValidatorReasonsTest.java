package jp.jusou.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import org.junit.jupiter.api.Test;

/**
 * A schema fault becomes one reason at its own path, worded in Japanese (the field by its label, the
 * codes with theirs) and English, without the cascade the validator reports around it.
 */
class ValidatorReasonsTest {

    static final Path EXAMPLES = Path.of("..", "schemas", "v1", "examples");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SchemaCatalog SCHEMAS = new SchemaCatalog();
    static final Validator VALIDATOR = new Validator(SCHEMAS);

    @Test
    void emptyJustificationIsOneReasonNamingTheProblem() throws IOException {
        ObjectNode referral = example("invalid/referral--vital-interest-empty-justification.json");
        List<Reason> reasons = reasons(MessageType.REFERRAL, referral);
        assertThat(reasons).extracting(Reason::path).containsExactly("$.legalBasis.justification");
        assertThat(reasons.get(0).ja()).isEqualTo("スキーマに適合しません。 「生命・身体・財産の保護が必要な理由」は1文字以上で記入してください（空や短すぎる値は受け付けません）。");
        assertThat(reasons.get(0).en()).contains("justification must be at least 1 characters long");
    }

    @Test
    void eachLegalBasisReportsItsOwnRulesOnly() throws IOException {
        ObjectNode referral = example("referral/8050-hikikomori.json");

        referral.putObject("legalBasis").put("kind", "vital-interest");
        assertThat(reasons(MessageType.REFERRAL, referral)).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("$.legalBasis.justification");
            assertThat(r.ja()).contains("「生命・身体・財産の保護が必要な理由」がありません");
        });

        referral.putObject("legalBasis").put("kind", "consent").put("consentId", "CN-1").put("justification", "x");
        assertThat(reasons(MessageType.REFERRAL, referral)).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("$.legalBasis.justification");
            assertThat(r.ja()).contains("「提供の根拠」に定義されていない項目があります");
        });

        referral.putObject("legalBasis").put("kind", "contract");
        assertThat(reasons(MessageType.REFERRAL, referral)).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("$.legalBasis.kind");
            assertThat(r.ja()).contains("「根拠の種類」は次のいずれか", "consent（本人同意）", "shien-kaigi（支援会議）")
                    .doesNotContain("contract");
        });

        referral.putObject("legalBasis").put("consentId", "CN-1");
        assertThat(reasons(MessageType.REFERRAL, referral)).extracting(Reason::path).containsExactly("$.legalBasis.kind");
    }

    @Test
    void unknownPurposeIsRejectedAtTheBadItem() throws IOException {
        List<Reason> reasons = reasons(MessageType.CONSENT, example("invalid/consent--unknown-purpose.json"));
        assertThat(reasons).extracting(Reason::path).containsExactly("$.payload.purposes[1]");
        assertThat(reasons.get(0).ja()).contains("「利用目的（2番目）」は次のいずれか",
                "referral（紹介・つなぎとその状況の連絡）", "case-coordination（ケース調整・支援プランの共有）");
        assertThat(reasons.get(0).en()).contains("purposes[1] must be one of: referral, case-coordination");
    }

    @Test
    void aRevocationRefusesTheFieldsOfAGrantOneReasonEach() throws IOException {
        ObjectNode revoke = example("consent/revoke.json");
        assertThat(reasons(MessageType.CONSENT, revoke)).isEmpty();
        ObjectNode payload = (ObjectNode) revoke.get("payload");
        payload.putArray("grantees").add("omuta-shogai");
        payload.put("validUntil", "2027-03-31");
        List<Reason> reasons = reasons(MessageType.CONSENT, revoke);
        assertThat(reasons).extracting(Reason::path)
                .containsExactlyInAnyOrder("$.payload.grantees", "$.payload.validUntil");
        assertThat(reasons).filteredOn(r -> r.path().equals("$.payload.grantees")).singleElement()
                .satisfies(r -> assertThat(r.ja()).contains("「提供先機関」は指定できません"));
    }

    @Test
    void anAgencyIdOfTheWrongFormIsOneReason() throws IOException {
        // sender was an anyOf of agencyId and "hub": a bad id failed both, and the anyOf around them
        List<Reason> reasons = reasons(MessageType.REFERRAL_STATUS, example("invalid/referral-status--bad-agency-id.json"));
        assertThat(reasons).extracting(Reason::path).containsExactly("$.sender");
        assertThat(reasons.get(0).ja()).contains("「送信元機関」の書き方が正しくありません");
    }

    @Test
    void textsNeverRepeatAValueOrAnUnknownFieldName() throws IOException {
        ObjectNode referral = example("referral/8050-hikikomori.json");
        ((ObjectNode) referral.get("payload")).put("urgency", "古賀さん至急");
        ((ObjectNode) referral.get("payload").get("person")).put("古賀ミチ子の旧姓", "x");
        referral.put("schemaVersion", "古賀");
        List<Reason> reasons = reasons(MessageType.REFERRAL, referral);
        assertThat(reasons).extracting(Reason::path)
                .containsExactlyInAnyOrder("$.payload.urgency", "$.payload.person.古賀ミチ子の旧姓", "$.schemaVersion");
        assertThat(reasons).allSatisfy(r -> assertThat(r.ja() + r.en()).doesNotContain("古賀"));
        assertThat(reasons).filteredOn(r -> r.path().equals("$.schemaVersion")).singleElement()
                .satisfies(r -> assertThat(r.ja()).contains("「スキーマの版」は「1」でなければなりません"));
    }

    /** Every message key of the validator has the hub's words, in Japanese and in English. */
    @Test
    void everyKeywordHasAJapaneseAndAnEnglishMessage() throws IOException {
        ResourceBundle validator = bundle("jsv-messages.properties");
        ResourceBundle ja = ResourceBundle.getBundle(SchemaMessages.BUNDLE, Locale.JAPANESE);
        ResourceBundle en = ResourceBundle.getBundle(SchemaMessages.BUNDLE, Locale.ENGLISH);
        for (String key : Collections.list(validator.getKeys())) {
            assertThat(ja.containsKey(key)).as("ja " + key).isTrue();
            assertThat(en.containsKey(key)).as("en " + key).isTrue();
            assertThat(ja.getString(key)).as("ja " + key).containsPattern("[ぁ-んァ-ヶ一-龠]").isNotEqualTo(en.getString(key));
        }
    }

    private static ResourceBundle bundle(String resource) throws IOException {
        try (InputStream in = com.networknt.schema.JsonSchema.class.getClassLoader().getResourceAsStream(resource)) {
            return new PropertyResourceBundle(in);
        }
    }

    static List<Reason> reasons(MessageType type, ObjectNode message) {
        return VALIDATOR.reasons(type, SCHEMAS.validate(type, message));
    }

    static ObjectNode example(String name) throws IOException {
        return (ObjectNode) JSON.readTree(EXAMPLES.resolve(name).toFile());
    }
}
