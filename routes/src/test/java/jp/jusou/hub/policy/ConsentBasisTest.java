package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.assertRejected;
import static jp.jusou.hub.policy.LegalBasisFixtures.json;
import static jp.jusou.hub.policy.LegalBasisFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import org.junit.jupiter.api.Test;

/** 本人同意 as a basis: the consent's subject, state, period, purposes, grantees and classes. */
class ConsentBasisTest {

    /** 2026-04-01 00:30 in Japan, still 31 March in UTC: the day a consent is judged by is Japan's. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-31T15:30:00Z"), ZoneOffset.UTC);
    static final LocalDate TODAY_JST = LocalDate.of(2026, 4, 1);
    static final String BASIS = "{'kind': 'consent', 'consentId': 'C-1'}";

    final Map<String, Consents.Consent> consents = new HashMap<>();
    final ConsentBasis basis = new ConsentBasis(id -> Optional.ofNullable(consents.get(id)), CLOCK);

    static Consents.Consent consent(String subject, List<String> purposes, LocalDate from, LocalDate until, Instant revokedAt) {
        return new Consents.Consent("C-1", "402028", "omuta-houkatsu-1", subject, List.of("omuta-takikan", "omuta-jiritsu"),
                purposes, List.of("identity", "summary", "health"), from, until, "written", Instant.EPOCH, revokedAt);
    }

    static HubMessage referral(String hubSubjectId) {
        return message(MessageType.REFERRAL, "omuta-houkatsu-1", hubSubjectId, BASIS);
    }

    LegalBasis.Permit permit(HubMessage message) {
        return basis.permit(message, message.tree().path("legalBasis"));
    }

    @Test
    void aConsentInForceAllowsItsGranteesAndItsClassesOnly() {
        consents.put("C-1", consent("H-1", List.of("referral"), TODAY_JST, null, null));
        LegalBasis.Permit permit = permit(referral("H-1"));
        assertThat(permit.classes()).containsExactlyInAnyOrder("identity", "summary", "health");
        assertThat(permit.deny("omuta-takikan")).isNull();
        assertThat(permit.deny("omuta-jiritsu")).isNull();
        assertThat(permit.deny("omuta-shakyo").code()).isEqualTo(ReasonCode.CONSENT_SCOPE);
        assertThat(permit.deny("omuta-shakyo").path()).isEqualTo("$.legalBasis.consentId");
    }

    @Test
    void anUnknownConsentOrAnotherSubjectsIsMissing() {
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_MISSING, "$.legalBasis.consentId");
        consents.put("C-1", consent("H-2", List.of("referral"), TODAY_JST, null, null));
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_MISSING, "$.legalBasis.consentId");
        assertRejected(() -> permit(referral(null)), ReasonCode.CONSENT_MISSING, "$.legalBasis.consentId");
    }

    @Test
    void aRevokedConsentCoversNothing() {
        consents.put("C-1", consent("H-1", List.of("referral"), TODAY_JST, null, Instant.parse("2026-03-01T00:00:00Z")));
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_REVOKED, "$.legalBasis.consentId");
    }

    @Test
    void onlyTheValidityPeriodCountsInJapansDay() {
        consents.put("C-1", consent("H-1", List.of("referral"), TODAY_JST.plusDays(1), null, null));
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_EXPIRED, "$.legalBasis.consentId");
        consents.put("C-1", consent("H-1", List.of("referral"), TODAY_JST.minusDays(30), TODAY_JST.minusDays(1), null));
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_EXPIRED, "$.legalBasis.consentId");
        consents.put("C-1", consent("H-1", List.of("referral"), TODAY_JST.minusDays(30), TODAY_JST, null));
        assertThat(permit(referral("H-1")).classes()).isNotEmpty();
    }

    @Test
    void theConsentMustNameTheMessagesPurpose() {
        consents.put("C-1", consent("H-1", List.of("case-coordination"), TODAY_JST, null, null));
        assertRejected(() -> permit(referral("H-1")), ReasonCode.CONSENT_SCOPE, "$.legalBasis.consentId");
        HubMessage caseUpdate = message(MessageType.CASE_UPDATE, "omuta-houkatsu-1", "H-1", BASIS);
        assertThat(permit(caseUpdate).classes()).contains("health");
    }

    @Test
    void theLedgerKeepsTheConsentIdAndNeedsNoReview() {
        JsonNode legalBasis = json(BASIS);
        assertThat(basis.kind()).isEqualTo("consent");
        assertThat(basis.reference(legalBasis)).isEqualTo("C-1");
        assertThat(basis.reviewRequired()).isFalse();
    }

    @Test
    void everyMessageTypeThatCanCiteAConsentHasAPurpose() {
        assertThat(ConsentBasis.PURPOSES).containsOnlyKeys(MessageType.REFERRAL, MessageType.REFERRAL_STATUS,
                MessageType.CASE_UPDATE);
    }
}
