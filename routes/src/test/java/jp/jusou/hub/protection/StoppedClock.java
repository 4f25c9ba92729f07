package jp.jusou.hub.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.platform.Clocks;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The hub's clock, stopped at "now" as the hub under test sees it, moved on only by the test. */
final class StoppedClock extends Clock {

    private final AtomicReference<Instant> now = new AtomicReference<>(TestDates.now());

    @Override
    public ZoneId getZone() {
        return Clocks.JST;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    void advance(Duration by) {
        now.updateAndGet(i -> i.plus(by));
    }

    @TestConfiguration
    static class AsTheHubsClock {
        @Bean
        @Primary
        StoppedClock stoppedClock() {
            return new StoppedClock();
        }
    }
}
