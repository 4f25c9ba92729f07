package jp.jusou.hub.connectors.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A character position's 1-based line, counting {@code \n} (CRLF and LF alike). */
class LineIndexTest {

    @Test
    void positionsMapToTheirLines() {
        LineIndex lines = new LineIndex("ab\r\ncd\n\nef");
        assertThat(lines.lineOf(0)).isEqualTo(1);
        assertThat(lines.lineOf(3)).as("the \\n ends line 1").isEqualTo(1);
        assertThat(lines.lineOf(4)).isEqualTo(2);
        assertThat(lines.lineOf(7)).as("an empty line").isEqualTo(3);
        assertThat(lines.lineOf(9)).isEqualTo(4);
    }

    @Test
    void aTextWithoutLineEndsIsOneLine() {
        assertThat(new LineIndex("").lineOf(0)).isEqualTo(1);
        assertThat(new LineIndex("abc").lineOf(2)).isEqualTo(1);
    }
}
