package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MyNumberDetectorTest {

    /** 123456789018 is valid: weights 6,5,4,3,2,7,6,5,4,3,2 over 1..9,0,1 give 212; 212 mod 11 = 3; 11 - 3 = 8. */
    static final String VALID = "123456789018";

    @Test
    void checkDigitFollowsTheOrdinance() {
        assertThat(MyNumberDetector.isValid(digits(VALID))).isTrue();
        assertThat(MyNumberDetector.isValid(digits("123456789017"))).isFalse();
        // remainder 0 or 1 gives check digit 0
        Random random = new Random(42);
        int checked = 0;
        for (int i = 0; i < 10_000; i++) {
            int[] d = new int[12];
            int sum = 0;
            for (int k = 0; k < 11; k++) {
                d[k] = random.nextInt(10);
            }
            for (int n = 1; n <= 11; n++) {
                sum += d[11 - n] * (n <= 6 ? n + 1 : n - 5);
            }
            int r = sum % 11;
            d[11] = r <= 1 ? 0 : 11 - r;
            assertThat(MyNumberDetector.isValid(d)).isTrue();
            d[11] = (d[11] + 1 + random.nextInt(9)) % 10;
            assertThat(MyNumberDetector.isValid(d)).isFalse();
            checked++;
        }
        assertThat(checked).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "123456789018",
        "番号は123456789018です",
        "１２３４５６７８９０１８",
        "1234 5678 9018",
        "1234-5678-9018",
        "１２３４－５６７８－９０１８",
        "1234\u30005678\u30009018",
        "1234 - 5678 - 9018",
        "12 34 56 78 90 18",
        "1234ー5678ー9018",
    })
    void findsMyNumberInEveryCommonWriting(String text) {
        assertThat(MyNumberDetector.contains(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "123456789017",          // wrong check digit
        "0944-52-3187",          // a phone number
        "1234567890180",         // 13 contiguous digits: not a My Number
        "12345678901",           // 11 digits
        "令和6年4月1日 2026-11-20",
        "1234    5678 9018",     // a gap too wide to be one number
        "7273e104-5600-4882-9193-87fd2b26e17d",   // a UUID whose middle groups are digits
        "12345678-1234-1234-1234-123456789018",   // a UUID ending in 12 digits
    })
    void leavesOtherNumbersAlone(String text) {
        assertThat(MyNumberDetector.contains(text)).as(text).isFalse();
    }

    @Test
    void aMyNumberNextToAUuidIsStillFound() {
        assertThat(MyNumberDetector.contains("id 7273e104-5600-4882-9193-87fd2b26e17d 番号 1234 5678 9018")).isTrue();
    }

    @Test
    void masksDigitsAndKeepsSeparators() {
        assertThat(MyNumberDetector.mask("番号 1234-5678-9018 電話 0944-52-3187"))
                .isEqualTo("番号 ****-****-**** 電話 0944-52-3187");
        assertThat(MyNumberDetector.mask("１２３４ ５６７８ ９０１８")).isEqualTo("**** **** ****");
    }

    @Test
    void findsInJsonKeysValuesAndNumbersAndMasksThem() throws Exception {
        JsonNode json = new ObjectMapper().readTree("""
                {"a": "ok", "b": {"c": ["x", "個人番号 1234 5678 9018"]}, "n": 123456789018, "123456789018": 1}
                """);
        assertThat(MyNumberDetector.findInJson(json)).containsExactlyInAnyOrder("$.b.c[1]", "$.n", "$.123456789018");
        String masked = new ObjectMapper().writeValueAsString(MyNumberDetector.maskJson(json));
        assertThat(masked).doesNotContain("5678").contains("個人番号 **** **** ****");
    }

    private static int[] digits(String s) {
        return s.chars().map(c -> c - '0').toArray();
    }
}
