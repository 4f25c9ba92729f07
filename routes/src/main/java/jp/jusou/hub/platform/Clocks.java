package jp.jusou.hub.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's clock (Japan time). Every reading of the date or time in the hub goes through this one
 * bean, so that deadlines can be tested with a clock the test controls, and so that the whole hub can
 * be run ahead of time ({@code hub.clock.offset}, tests only) to show that nothing in it, or in its
 * tests, depends on today's date. Durations are measured with {@link System#nanoTime()}, not with it.
 */
@Configuration(proxyBeanMethods = false)
public class Clocks {

    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    public static final String OFFSET_PROPERTY = "hub.clock.offset";

    private static final Logger log = LoggerFactory.getLogger(Clocks.class);

    @Bean
    Clock clock(@Value("${" + OFFSET_PROPERTY + ":}") String offset) {
        Duration ahead = offset(offset);
        if (!ahead.isZero()) {
            log.warn("Clock moved {} by {} ({}), for tests only", ahead.isNegative() ? "back" : "ahead", offset.trim(), OFFSET_PROPERTY);
        }
        return hubClock(ahead);
    }

    /** The hub's clock, also outside a Spring context (hubctl): the system clock in Japan time, moved by the offset. */
    public static Clock hubClock(Duration offset) {
        Clock system = Clock.system(JST);
        return offset.isZero() ? system : Clock.offset(system, offset);
    }

    /**
     * Parses an offset: an ISO-8601 duration ({@code P400D}, {@code PT36H}, {@code P1DT2H}); empty or
     * absent is none. Years and months are not accepted (their length depends on the date).
     */
    public static Duration offset(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(OFFSET_PROPERTY + " is not an ISO-8601 duration such as P400D: " + text, e);
        }
    }
}
