package jp.jusou.hub.policy;

import static jp.jusou.hub.policy.LegalBasisFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import jp.jusou.hub.message.OutboundCopy.Redaction;
import jp.jusou.hub.policy.DataClassCatalog.Found;
import org.junit.jupiter.api.Test;

/** Data-class redaction: what a recipient may not receive is removed from its copy, and only from its copy. */
class RedactorTest {

    static final String MESSAGE = "{'payload': {'person': {'name': '大牟田 花子', 'address': '大牟田市不知火町1丁目', 'phone': '0944-00-0000'},"
            + " 'summary': '見守りが必要', 'sensitive': [{'dataClass': 'health', 'text': '通院中'}, {'dataClass': 'finance', 'text': '滞納'},"
            + " {'dataClass': 'health', 'text': '服薬'}]}}";
    static final List<Found> FOUND = List.of(
            new Found("$.payload.person.name", "identity"),
            new Found("$.payload.person.address", "contact"),
            new Found("$.payload.person.phone", "contact"),
            new Found("$.payload.summary", "summary"),
            new Found("$.payload.sensitive[0]", "health"),
            new Found("$.payload.sensitive[1]", "finance"),
            new Found("$.payload.sensitive[2]", "health"));

    final JsonNode tree = json(MESSAGE);

    @Test
    void everythingAllowedLeavesTheMessageAsItIs() {
        Redactor.Redacted copy = Redactor.forRecipient(tree, FOUND, LegalBasis.Permit.EVERY_CLASS, false);
        assertThat(copy.changed()).isFalse();
        assertThat(copy.tree()).isSameAs(tree);
        assertThat(copy.disclosed()).containsExactly("contact", "finance", "health", "identity", "summary");
        assertThat(copy.redactions()).isEmpty();
    }

    @Test
    void classesNotAllowedAreRemovedFieldsAndArrayElementsAlike() {
        Redactor.Redacted copy = Redactor.forRecipient(tree, FOUND, Set.of("identity", "summary", "finance"), false);
        assertThat(copy.changed()).isTrue();
        assertThat(copy.disclosed()).containsExactly("finance", "identity", "summary");
        assertThat(copy.redactions()).containsExactly(
                new Redaction("contact", "$.payload.person.address"),
                new Redaction("contact", "$.payload.person.phone"),
                new Redaction("health", "$.payload.sensitive[0]"),
                new Redaction("health", "$.payload.sensitive[2]"));
        JsonNode person = copy.tree().at("/payload/person");
        assertThat(person.has("address")).isFalse();
        assertThat(person.has("phone")).isFalse();
        assertThat(person.path("name").asText()).isEqualTo("大牟田 花子");
        JsonNode sensitive = copy.tree().at("/payload/sensitive");
        assertThat(sensitive).hasSize(1);
        assertThat(sensitive.get(0).path("dataClass").asText()).isEqualTo("finance");
        assertThat(tree).as("the message itself is untouched").isEqualTo(json(MESSAGE));
    }

    @Test
    void aHiddenConfidentialAddressTakesEveryContactFieldEvenWhenContactIsAllowed() {
        Redactor.Redacted copy = Redactor.forRecipient(tree, FOUND, LegalBasis.Permit.EVERY_CLASS, true);
        assertThat(copy.disclosed()).doesNotContain("contact");
        assertThat(copy.redactions()).extracting(Redaction::path)
                .containsExactly("$.payload.person.address", "$.payload.person.phone");
        assertThat(Redactor.containsText(copy.tree(), "大牟田市不知火町")).isFalse();
    }

    @Test
    void containsTextLooksIntoEveryTextValue() {
        assertThat(Redactor.containsText(tree, "服薬")).isTrue();
        assertThat(Redactor.containsText(tree, "不知火町1丁目")).isTrue();
        assertThat(Redactor.containsText(tree, "東京都")).isFalse();
    }

    @Test
    void pathsAreReadIntoFieldsAndIndexes() {
        assertThat(Redactor.tokens("$.payload.sensitive[1].text")).containsExactly("payload", "sensitive", 1, "text");
        assertThat(Redactor.tokens("$.subject.localId")).containsExactly("subject", "localId");
        assertThatThrownBy(() -> Redactor.tokens("$payload")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPathThatLeadsNowhereRemovesNothing() {
        JsonNode copy = Redactor.without(tree, List.of(new Found("$.payload.household[0]", "household")));
        assertThat(copy).isEqualTo(tree).isNotSameAs(tree);
    }
}
