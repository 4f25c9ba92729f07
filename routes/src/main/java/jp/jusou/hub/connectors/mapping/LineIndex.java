package jp.jusou.hub.connectors.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** 1-based line numbers of character positions in a text (lines end at {@code \n}). */
final class LineIndex {
    private final int[] starts;

    LineIndex(String text) {
        List<Integer> list = new ArrayList<>();
        list.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                list.add(i + 1);
            }
        }
        starts = list.stream().mapToInt(Integer::intValue).toArray();
    }

    int lineOf(long position) {
        int i = Arrays.binarySearch(starts, (int) position);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
