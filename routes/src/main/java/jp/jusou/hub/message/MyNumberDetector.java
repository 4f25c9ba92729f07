package jp.jusou.hub.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds 個人番号 (My Number): 12 digits whose last is the check digit of the first 11 (個人番号の
 * 指定等に関する省令 第5条). Digits may be half- or full-width (any Unicode decimal digit) and split into
 * groups by spaces or hyphen-like characters (ASCII, full-width, dashes, the long-vowel mark 「ー」).
 * A 12-digit candidate is one contiguous run of exactly 12 digits, or consecutive groups (separated by
 * at most three separator characters) whose digits add up to exactly 12. UUIDs (8-4-4-4-12 hex) are
 * identifiers, never a 個人番号, and are skipped: their all-digit groups would otherwise look like one.
 */
public final class MyNumberDetector {

    private static final int MAX_SEPARATOR_RUN = 3;
    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])");

    private MyNumberDetector() {
    }

    /** A found number as a character range [start, end) of the scanned text. */
    public record Span(int start, int end) {
    }

    public static boolean isValid(int[] digits) {
        if (digits.length != 12) {
            return false;
        }
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = digits[11 - n];
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        int check = remainder <= 1 ? 0 : 11 - remainder;
        return check == digits[11];
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == '\u3000' || c == '\t' || c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2012'
                || c == '\u2013' || c == '\u2014' || c == '\u2015' || c == '\u2212' || c == '\u30FC' || c == '\uFF0D'
                || c == '\uFF70' || c == '\uFE63' || c == '_';
    }

    /** Every My Number in the text, as ranges of the original characters. */
    public static List<Span> find(CharSequence original) {
        List<Span> found = new ArrayList<>();
        CharSequence text = withoutUuids(original);
        // groups: [start, end, digitCount] of maximal digit runs
        List<int[]> groups = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (Character.isDigit(text.charAt(i))) {
                int start = i;
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                groups.add(new int[] {start, i, i - start});
            } else {
                i++;
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            int digits = 0;
            for (int h = g; h < groups.size(); h++) {
                if (h > g && !onlySeparatorsBetween(text, groups.get(h - 1)[1], groups.get(h)[0])) {
                    break;
                }
                digits += groups.get(h)[2];
                if (digits > 12) {
                    break;
                }
                if (digits == 12) {
                    int start = groups.get(g)[0];
                    int end = groups.get(h)[1];
                    if (isValid(digitsOf(text, start, end))) {
                        found.add(new Span(start, end));
                    }
                    break;
                }
            }
        }
        return found;
    }

    /** The text with every UUID blanked out (same length, so positions still match the original). */
    private static CharSequence withoutUuids(CharSequence text) {
        java.util.regex.Matcher uuid = UUID.matcher(text);
        if (!uuid.find()) {
            return text;
        }
        StringBuilder blanked = new StringBuilder(text);
        do {
            for (int i = uuid.start(); i < uuid.end(); i++) {
                blanked.setCharAt(i, 'x');
            }
        } while (uuid.find());
        return blanked;
    }

    private static boolean onlySeparatorsBetween(CharSequence text, int from, int to) {
        if (to - from > MAX_SEPARATOR_RUN || to <= from) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!isSeparator(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int[] digitsOf(CharSequence text, int start, int end) {
        int[] digits = new int[12];
        int k = 0;
        for (int i = start; i < end && k < 12; i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                digits[k++] = Character.digit(c, 10);
            }
        }
        return digits;
    }

    public static boolean contains(CharSequence text) {
        return text != null && !find(text).isEmpty();
    }

    /** The text with the digits of every My Number replaced by '*' (separators kept). */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        List<Span> spans = find(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text);
        for (Span span : spans) {
            for (int i = span.start(); i < span.end(); i++) {
                if (Character.isDigit(masked.charAt(i))) {
                    masked.setCharAt(i, '*');
                }
            }
        }
        return masked.toString();
    }

    /** JSON paths ($.a.b[0]) of every field name, string or number holding a My Number. */
    public static List<String> findInJson(JsonNode node) {
        List<String> paths = new ArrayList<>();
        walk(node, "$", paths);
        return paths;
    }

    private static void walk(JsonNode node, String path, List<String> paths) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path + "." + field.getKey();
                if (contains(field.getKey())) {
                    paths.add(child);
                }
                walk(field.getValue(), child, paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", paths);
            }
        } else if (node.isTextual() || node.isNumber()) {
            if (contains(node.asText())) {
                paths.add(path);
            }
        }
    }

    /** A copy of the tree with every My Number masked, in field names and values. */
    public static JsonNode maskJson(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(f -> copy.set(mask(f.getKey()), maskJson(f.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(maskJson(e)));
            return copy;
        }
        if (node.isTextual()) {
            String masked = mask(node.asText());
            return masked.equals(node.asText()) ? node : TextNode.valueOf(masked);
        }
        if (node.isNumber() && contains(node.asText())) {
            return TextNode.valueOf(mask(node.asText()));
        }
        return node;
    }
}
