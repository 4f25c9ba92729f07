package jp.jusou.hub.connectors.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JapaneseDatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "令和6年4月1日, 2024-04-01",
            "令和元年5月1日, 2019-05-01",
            "平成31年4月30日, 2019-04-30",
            "平成元年1月8日, 1989-01-08",
            "昭和64年1月7日, 1989-01-07",
            "昭和19年3月12日, 1944-03-12",
            "大正15年2月10日, 1926-02-10",
            "明治40年3月12日, 1907-03-12",
            "R6.4.1, 2024-04-01",
            "R06.04.01, 2024-04-01",
            "r6.4.1, 2024-04-01",
            "H31.4.30, 2019-04-30",
            "S19.3.12, 1944-03-12",
            "T15.2.10, 1926-02-10",
            "M45.7.29, 1912-07-29",
            "R6/4/1, 2024-04-01",
            "R6-4-1, 2024-04-01",
            "令和６年４月１日, 2024-04-01",
            "Ｒ６．４．１, 2024-04-01",
            "'  R6.4.1 ', 2024-04-01",
            "2024-04-01, 2024-04-01",
            "2024/4/1, 2024-04-01",
            "２０２４／０４／０１, 2024-04-01",
            "2024年4月1日, 2024-04-01",
    })
    void parsesEraAndGregorianForms(String text, String iso) {
        assertThat(JapaneseDates.parse(text)).isEqualTo(LocalDate.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"平成31年5月1日", "令和元年4月30日", "R6.2.30", "令和0年1月1日", "R0.1.1", "昭和64年1月8日",
            "2024-02-30", "2024/13/1", "X6.4.1", "令和6年", "", "6.4.1", "明治5年1月1日"})
    void rejectsDatesThatDoNotExist(String text) {
        assertThatThrownBy(() -> JapaneseDates.parse(text)).isInstanceOf(DateTimeException.class);
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource({
            "2024-04-01, era-kanji, 令和6年4月1日",
            "2019-05-01, era-kanji, 令和元年5月1日",
            "2019-04-30, era-kanji, 平成31年4月30日",
            "1944-03-12, era-short, S19.3.12",
            "2024-04-01, era-short, R6.4.1",
            "2024-04-01, era-short-padded, R06.04.01",
            "1926-02-10, era-short, T15.2.10",
            "2024-04-01, iso, 2024-04-01",
            "2024-04-01, slash, 2024/4/1",
    })
    void formatsInTheStyleOfTheColumn(String iso, String style, String expected) {
        LocalDate date = LocalDate.parse(iso);
        String text = JapaneseDates.format(date, JapaneseDates.Style.of(style));
        assertThat(text).isEqualTo(expected);
        assertThat(JapaneseDates.parse(text)).isEqualTo(date);
    }
}
