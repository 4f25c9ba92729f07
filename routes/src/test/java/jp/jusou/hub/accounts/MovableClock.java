package jp.jusou.hub.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import jp.jusou.hub.TestDates;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The hub's clock as TestDates gives it (running, with hub.clock.offset), moved further ahead only by the test. */
final class MovableClock extends Clock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return TestDates.clock().getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return TestDates.now().plus(ahead.get());
    }

    void advance(Duration by) {
        ahead.updateAndGet(d -> d.plus(by));
    }

    @TestConfiguration
    static class AsTheHubsClock {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }
}
