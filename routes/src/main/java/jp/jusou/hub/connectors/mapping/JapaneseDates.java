package jp.jusou.hub.connectors.mapping;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as Japanese agency systems write them: era dates (令和6年4月1日, 令和元年5月1日, R6.4.1, R06.04.01,
 * H31/4/30, S19.3.12, with full-width digits too) and Gregorian ones (2024-04-01, 2024/4/1, 2024年4月1日).
 * The era arithmetic and the era boundaries are those of {@link JapaneseDate}: 平成31年5月1日 (after
 * Heisei ended), 令和0年 or R6.2.30 are invalid.
 */
final class JapaneseDates {

    /** How a date column is written back. */
    public enum Style {
        ISO("iso"), SLASH("slash"), ERA_KANJI("era-kanji"), ERA_SHORT("era-short"), ERA_SHORT_PADDED("era-short-padded");

        private final String yamlName;

        Style(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Style of(String yamlName) {
            for (Style s : values()) {
                if (s.yamlName.equals(yamlName)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("Unknown date format: " + yamlName);
        }
    }

    private record Era(JapaneseEra era, String kanji, char letter) {
    }

    private static final List<Era> ERAS = List.of(
            new Era(JapaneseEra.MEIJI, "明治", 'M'),
            new Era(JapaneseEra.TAISHO, "大正", 'T'),
            new Era(JapaneseEra.SHOWA, "昭和", 'S'),
            new Era(JapaneseEra.HEISEI, "平成", 'H'),
            new Era(JapaneseEra.REIWA, "令和", 'R'));

    private static final Pattern ERA_KANJI = Pattern.compile("^(明治|大正|昭和|平成|令和)\\s*(元|\\d{1,2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日$");
    private static final Pattern ERA_SHORT = Pattern.compile("^([MTSHR])\\s*(\\d{1,2})[./-](\\d{1,2})[./-](\\d{1,2})$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GREGORIAN = Pattern.compile("^(\\d{4})(?:-(\\d{1,2})-(\\d{1,2})|/(\\d{1,2})/(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日)$");

    private JapaneseDates() {
    }

    /**
     * Parses a date in any of the supported forms (after NFKC normalisation).
     *
     * @throws DateTimeException when the text is not a date or names a date that does not exist
     */
    public static LocalDate parse(String text) {
        if (text == null) {
            throw new DateTimeException("No date");
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        Matcher m = ERA_KANJI.matcher(s);
        if (m.matches()) {
            return eraDate(eraByKanji(m.group(1)), yearOfEra(m.group(2)), m.group(3), m.group(4));
        }
        m = ERA_SHORT.matcher(s);
        if (m.matches()) {
            return eraDate(eraByLetter(m.group(1).toUpperCase(Locale.ROOT).charAt(0)), yearOfEra(m.group(2)), m.group(3), m.group(4));
        }
        m = GREGORIAN.matcher(s);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int g = m.group(2) != null ? 2 : m.group(4) != null ? 4 : 6;
            return LocalDate.of(year, Integer.parseInt(m.group(g)), Integer.parseInt(m.group(g + 1)));
        }
        throw new DateTimeException("Not a recognised date form");
    }

    /** Formats a date in one of the styles; era styles fall back to ISO before Meiji 6 (no Japanese calendar). */
    public static String format(LocalDate date, Style style) {
        switch (style) {
            case ISO:
                return date.toString();
            case SLASH:
                return date.getYear() + "/" + date.getMonthValue() + "/" + date.getDayOfMonth();
            default:
                break;
        }
        JapaneseDate jd;
        try {
            jd = JapaneseDate.from(date);
        } catch (DateTimeException e) {
            return date.toString();
        }
        Era era = ERAS.stream().filter(e -> e.era().equals(jd.getEra())).findFirst().orElseThrow();
        int year = jd.get(ChronoField.YEAR_OF_ERA);
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        return switch (style) {
            case ERA_KANJI -> era.kanji() + (year == 1 ? "元" : String.valueOf(year)) + "年" + month + "月" + day + "日";
            case ERA_SHORT -> era.letter() + String.valueOf(year) + "." + month + "." + day;
            case ERA_SHORT_PADDED -> String.format(Locale.ROOT, "%c%02d.%02d.%02d", era.letter(), year, month, day);
            default -> throw new IllegalStateException(style.name());
        };
    }

    private static LocalDate eraDate(JapaneseEra era, int yearOfEra, String month, String day) {
        return LocalDate.from(JapaneseDate.of(era, yearOfEra, Integer.parseInt(month), Integer.parseInt(day)));
    }

    private static int yearOfEra(String text) {
        int year = "元".equals(text) ? 1 : Integer.parseInt(text);
        if (year < 1) {
            throw new DateTimeException("Year of era must be at least 1");
        }
        return year;
    }

    private static JapaneseEra eraByKanji(String kanji) {
        return ERAS.stream().filter(e -> e.kanji().equals(kanji)).findFirst().orElseThrow().era();
    }

    private static JapaneseEra eraByLetter(char letter) {
        return ERAS.stream().filter(e -> e.letter() == letter).findFirst().orElseThrow().era();
    }
}
