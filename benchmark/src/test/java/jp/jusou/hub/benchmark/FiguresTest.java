package jp.jusou.hub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void percentilesAreInMillisecondsRoundedToMicroseconds() {
        Histogram h = new Histogram(Phase.HIGHEST_TRACKABLE_NANOS, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 1_000_000L); // 1 ms … 100 ms
        }
        Map<String, Object> f = Figures.percentiles(h);
        assertThat(f.get("count")).isEqualTo(100L);
        assertThat((double) f.get("p50Ms")).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat((double) f.get("p99Ms")).isCloseTo(99.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat((double) f.get("maxMs")).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void anEmptyHistogramHasOnlyItsCount() {
        Map<String, Object> f = Figures.percentiles(new Histogram(Phase.HIGHEST_TRACKABLE_NANOS, 3));
        assertThat(f).containsOnlyKeys("count");
    }

    @Test
    void roundingKeepsTheGivenDigits() {
        assertThat(Figures.round(2.34567, 2)).isEqualTo(2.35);
        assertThat(Figures.round(1234.5, 0)).isEqualTo(1235.0);
    }
}
