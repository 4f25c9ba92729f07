package jp.jusou.hub.connectors.mapping;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text helpers of the mapping: NFKC matching keys, 外字 detection, characters that CP932 spells differently. */
final class Texts {

    private Texts() {
    }

    /** The key under which header names and coded values are compared: NFKC, stripped. */
    static String key(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
    }

    static String nfkc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    static boolean isPrivateUse(int codePoint) {
        return (codePoint >= 0xE000 && codePoint <= 0xF8FF)
                || (codePoint >= 0xF0000 && codePoint <= 0xFFFFD)
                || (codePoint >= 0x100000 && codePoint <= 0x10FFFD);
    }

    /** The private-use code points of a text, as U+XXXX (never the text itself). */
    static List<String> privateUseCodePoints(String text) {
        List<String> found = new ArrayList<>();
        text.codePoints().filter(Texts::isPrivateUse).distinct().forEach(cp -> found.add(codePoint(cp)));
        return found;
    }

    static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    /**
     * Replaces the Unicode characters that windows-31j spells with a different code point (text that came
     * in as UTF-8 from other systems) by the ones windows-31j encodes: 〜→～, −→－, ‖→∥, ¢£¬→￠￡￢.
     */
    static String toCp932Repertoire(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(switch (c) {
                case '\u301C' -> '\uFF5E';
                case '\u2212' -> '\uFF0D';
                case '\u2016' -> '\u2225';
                case '\u00A2' -> '\uFFE0';
                case '\u00A3' -> '\uFFE1';
                case '\u00AC' -> '\uFFE2';
                case '\u2014' -> '\u2015';
                default -> c;
            });
        }
        return sb.toString();
    }
}
