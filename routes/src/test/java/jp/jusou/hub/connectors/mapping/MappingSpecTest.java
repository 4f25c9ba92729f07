package jp.jusou.hub.connectors.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the reader and the writer take from a mapping file: columns, type, what can be written. */
class MappingSpecTest {

    @Test
    void aConstantTypeMappingWritesOnlyThatType() {
        MappingSpec spec = TestMappings.referralMapping().spec();
        assertThat(spec.typeColumn()).isNull();
        assertThat(spec.constantType()).isEqualTo("referral");
        assertThat(spec.canWrite("referral")).isTrue();
        assertThat(spec.canWrite("referral-status")).isFalse();
        assertThat(String.join(",", spec.columnNames()) + "\r\n").isEqualTo(TestMappings.HEADER);
        assertThat(spec.constants()).singleElement().satisfies(c -> {
            assertThat(c.to().toString()).isEqualTo("/legalBasis/kind");
            assertThat(c.appliesTo("anything")).as("no types: every message").isTrue();
        });
    }

    @Test
    void aTypeColumnNamesTheTypesItCanWriteAndConstantsMayApplyToSome() {
        MappingSpec spec = TestMappings.load("""
                id: test-status
                constants:
                  - {to: /legalBasis/kind, value: consent, types: [referral]}
                columns:
                  - {name: 種別, kind: type, values: {紹介: referral, 状況: referral-status}}
                  - {name: 受付番号, to: /payload/referralId, required: true}
                """).spec();
        assertThat(spec.typeColumn().name()).isEqualTo("種別");
        assertThat(spec.canWrite("referral-status")).isTrue();
        assertThat(spec.canWrite("consent")).isFalse();
        assertThat(spec.constants().get(0).appliesTo("referral")).isTrue();
        assertThat(spec.constants().get(0).appliesTo("referral-status")).isFalse();
    }
}
