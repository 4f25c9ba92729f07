package jp.jusou.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import jp.jusou.hub.platform.Clocks;

/**
 * "Now" and "today" as the hub under test sees them: the system clock in Japan time plus
 * {@code hub.clock.offset}, read from the JVM system property of that name (the clock-ahead run of
 * routes/pom.xml sets it; a hub in this JVM reads it as a Spring property, {@link HubProcess} passes it
 * on to a hub process). Tests take every date from here, never from the system clock, so that the
 * suite passes on any day: a test that needs a date in the past or the future computes it from today.
 */
public final class TestDates {

    private TestDates() {
    }

    /**
     * The offset the hub under test runs with: the system property, else the environment variable
     * Spring would bind to it ({@code HUB_CLOCK_OFFSET}, which a hub process inherits); zero without either.
     */
    public static Duration offset() {
        String property = System.getProperty(Clocks.OFFSET_PROPERTY);
        return Clocks.offset(property != null ? property : System.getenv("HUB_CLOCK_OFFSET"));
    }

    /** The hub's clock as it runs in this test JVM (Japan time, with the offset). */
    public static Clock clock() {
        return Clocks.hubClock(offset());
    }

    public static Instant now() {
        return clock().instant();
    }

    /** Now in Japan time, as a message's sentAt would say it. */
    public static OffsetDateTime nowInJapan() {
        return OffsetDateTime.now(clock());
    }

    /** Today in Japan, on the hub's clock: the day consents and deadlines are judged on. */
    public static LocalDate today() {
        return LocalDate.now(clock());
    }
}
