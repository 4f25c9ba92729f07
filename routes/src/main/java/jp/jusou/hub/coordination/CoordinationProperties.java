package jp.jusou.hub.coordination;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The coordination settings ({@code hub.coordination.*}) with their defaults; application.yaml does not
 * repeat them (docs/configuration.md lists them).
 *
 * @param defaultResponseDays  a referral without respondBy must be answered within this many days
 * @param overdueCheckInterval how often the hub looks for overdue referrals
 */
@ConfigurationProperties(CoordinationProperties.PREFIX)
record CoordinationProperties(@DefaultValue("7") int defaultResponseDays,
                                     @DefaultValue(CoordinationProperties.OVERDUE_CHECK_INTERVAL) Duration overdueCheckInterval) {

    static final String PREFIX = "hub.coordination";
    static final String OVERDUE_CHECK_INTERVAL = "PT1M";
    /** The interval as {@code @Scheduled} reads it (a placeholder, not this record): the setting, else the same default. */
    static final String OVERDUE_CHECK_INTERVAL_SETTING = "${" + PREFIX + ".overdue-check-interval:" + OVERDUE_CHECK_INTERVAL + "}";

    public CoordinationProperties {
        if (defaultResponseDays < 1) {
            throw new IllegalArgumentException(PREFIX + ".default-response-days must be at least 1: " + defaultResponseDays);
        }
        if (overdueCheckInterval.isNegative() || overdueCheckInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".overdue-check-interval must be positive: " + overdueCheckInterval);
        }
    }
}
