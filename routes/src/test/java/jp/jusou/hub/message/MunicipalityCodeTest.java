package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MunicipalityCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"402028", "402036", "131016", "011002", "271004"})
    void realCodesAreValid(String code) {
        assertThat(MunicipalityCode.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"402029", "40202", "4020280", "40202a", ""})
    void wrongCodesAreNot(String code) {
        assertThat(MunicipalityCode.isValid(code)).isFalse();
    }
}
