package jp.jusou.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The hub's clock: Japan time, moved by {@code hub.clock.offset} (tests only), which start-up announces. */
@ExtendWith(OutputCaptureExtension.class)
class ClocksTest {

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(Clocks.class);

    @Test
    void withoutAnOffsetTheClockIsTheSystemClockInJapanTime(CapturedOutput output) {
        hub.withPropertyValues("hub.clock.offset=").run(context -> {
            Clock clock = context.getBean(Clock.class);
            assertThat(clock.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
            assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
        });
        assertThat(output).doesNotContain("Clock moved");
    }

    @Test
    void anOffsetMovesTheClockAheadAndIsLoggedOnce(CapturedOutput output) {
        hub.withPropertyValues("hub.clock.offset=P400D").run(context -> {
            Clock clock = context.getBean(Clock.class);
            assertThat(clock.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
            Duration ahead = Duration.between(Instant.now(), clock.instant());
            assertThat(ahead).isBetween(Duration.ofDays(400).minusSeconds(5), Duration.ofDays(400).plusSeconds(5));
            Instant first = clock.instant();
            org.awaitility.Awaitility.await("the moved clock keeps running").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5)).until(() -> clock.instant().isAfter(first));
        });
        assertThat(output.getOut().lines().filter(l -> l.contains("Clock moved ahead by P400D (hub.clock.offset), for tests only"))
                .filter(l -> l.contains("WARN"))).hasSize(1);
    }

    @Test
    void theOffsetIsAnIsoDuration() {
        assertThat(Clocks.offset(null)).isZero();
        assertThat(Clocks.offset(" ")).isZero();
        assertThat(Clocks.offset("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(Clocks.offset(" P400D ")).isEqualTo(Duration.ofDays(400));
        assertThatThrownBy(() -> Clocks.offset("400 days")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hub.clock.offset");
        hub.withPropertyValues("hub.clock.offset=P1Y").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void hubctlBuildsTheSameClockWithoutSpring() {
        Clock clock = Clocks.hubClock(Duration.ZERO);
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(Instant.now(), Clocks.hubClock(Duration.ofDays(3)).instant()))
                .isGreaterThan(Duration.ofDays(3).minusSeconds(5));
    }
}
