package jp.jusou.hub;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** Conditions a test waits on, with Awaitility, instead of sleeping. */
public final class Waits {

    private Waits() {
    }

    /**
     * The condition holds now and keeps holding for the whole period: "nothing more happens", such as a
     * second delivery, a repeated alert or progress after a cancel. Fails as soon as it stops holding.
     */
    public static void holds(String what, Duration period, Callable<Boolean> condition) {
        Awaitility.await(what).during(period).atMost(period.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(condition);
    }
}
