package jp.jusou.hub.operations;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert rules and where alerts go (application.yaml, prefix {@code hub.alerts}); the evaluation
 * interval's default is here alone.
 *
 * @param evaluationInterval how often every instance looks at the rules
 * @param webhookUrl         POSTed a JSON body on every raise and clear (empty: none)
 * @param emailTo            mailed on every raise and clear (empty: none; needs spring.mail.host)
 */
@ConfigurationProperties("hub.alerts")
record AlertProperties(@DefaultValue(AlertProperties.EVALUATION_INTERVAL) Duration evaluationInterval, String webhookUrl, List<String> emailTo, String emailFrom,
                              List<Rule> rules) {

    static final String EVALUATION_INTERVAL = "PT15S";
    /** The interval as {@code @Scheduled} reads it (a placeholder, not this record): the setting, else the same default. */
    static final String EVALUATION_INTERVAL_SETTING = "${hub.alerts.evaluation-interval:" + EVALUATION_INTERVAL + "}";

    /**
     * One rule, evaluated per target (an agency's queue, an agency, or the hub).
     *
     * @param id        a stable name, used in the alert's key and in {@code hub_alerts_active{rule}}
     * @param kind      {@code queue-depth} (messages waiting on an agency's inbound or outbound queue),
     *                  {@code oldest-message-age} (seconds the first message has waited),
     *                  {@code connector-down} (a connector paused or failed),
     *                  {@code rejection-rate} (share of an agency's messages rejected in the last hour, 0..1,
     *                  once it sent at least {@code minMessages}),
     *                  {@code overdue-referrals} (referrals past their respondBy, hub-wide),
     *                  {@code dead-letters} (dead letters waiting in quarantine or on hub.dlq, hub-wide)
     * @param threshold raised when the value is above it
     */
    public record Rule(String id, String kind, Double threshold, Integer minMessages) {

        public double thresholdOr(double fallback) {
            return threshold == null ? fallback : threshold;
        }
    }

    public List<String> emailTo() {
        return emailTo == null ? List.of() : emailTo.stream().filter(s -> !s.isBlank()).toList();
    }

    public List<Rule> rules() {
        return rules == null ? List.of() : rules;
    }
}
