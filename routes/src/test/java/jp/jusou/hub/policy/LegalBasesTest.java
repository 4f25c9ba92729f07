package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.assertRejected;
import static jp.jusou.hub.policy.LegalBasisFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Optional;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.junit.jupiter.api.Test;

/** The bases by kind: each found by the kind the envelope names, an unknown kind refused, never guessed. */
class LegalBasesTest {

    final ConsentBasis consent = new ConsentBasis(id -> Optional.empty(), ConsentBasisTest.CLOCK);
    final MeetingBasis meeting = new MeetingBasis(id -> Optional.empty());
    final VitalInterestBasis vital = new VitalInterestBasis(10);
    final NoBasis none = new NoBasis();
    final LegalBases bases = new LegalBases(List.of(consent, meeting, vital, none));

    @Test
    void eachKindFindsItsBasis() {
        assertThat(bases.of(json("{'kind': 'consent', 'consentId': 'C-1'}"))).isSameAs(consent);
        assertThat(bases.of(json("{'kind': 'shien-kaigi', 'meetingId': 'K-1'}"))).isSameAs(meeting);
        assertThat(bases.of(json("{'kind': 'vital-interest', 'justification': 'x'}"))).isSameAs(vital);
        assertThat(bases.of(MissingNode.getInstance())).isSameAs(none);
        assertThat(bases.find("consent")).containsSame(consent);
    }

    @Test
    void anUnknownKindIsASchemaViolationAtTheKind() {
        assertRejected(() -> bases.of(json("{'kind': 'public-interest'}")), ReasonCode.SCHEMA_VIOLATION, "$.legalBasis.kind");
        assertThat(bases.find("public-interest")).isEmpty();
    }

    @Test
    void theRefusalDoesNotEchoTheSendersValue() {
        assertThatThrownBy(() -> bases.of(json("{'kind': '123456789018'}"))).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.reasons().get(0).ja() + e.reasons().get(0).en()).doesNotContain("123456789018"));
    }

    @Test
    void theKindsOfTheSchemaAreExactlyTheKindsKnown() throws Exception {
        var kinds = new java.util.HashSet<String>();
        LegalBasisFixtures.JSON.readTree(new java.io.File("../schemas/v1/envelope.schema.json"))
                .at("/properties/legalBasis/properties/kind/enum").forEach(k -> kinds.add(k.asText()));
        assertThat(kinds).containsExactlyInAnyOrder("consent", "shien-kaigi", "vital-interest");
        kinds.forEach(kind -> assertThat(bases.find(kind)).as(kind).isPresent());
    }

    @Test
    void twoBasesOfOneKindOrNoneForMessagesWithoutABasisDoNotStart() {
        assertThatThrownBy(() -> new LegalBases(List.of(consent, new ConsentBasis(id -> Optional.empty(), ConsentBasisTest.CLOCK), none)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("consent");
        assertThatThrownBy(() -> new LegalBases(List.of(consent, meeting)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new LegalBases(List.of(none)).find("consent")).isEmpty();
    }
}
