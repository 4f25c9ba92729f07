package jp.jusou.hub.pipeline;

import java.time.Duration;
import jp.jusou.hub.platform.HubProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The back-off between attempts at a message that failed (an exception, not a rejection), taken by the
 * consumer that holds it, before its transaction rolls back.
 *
 * <p>Why here and not in the broker: a broker redelivery delay puts the rolled-back message aside
 * for the delay, and meanwhile the broker dispatches the next messages of its group (its case) — the
 * case overtakes itself (BrokerFailoverTest showed it after a failover). With the broker's inbound
 * redelivery delay at 0 the rolled-back message goes back to the head of its queue; waiting here, on
 * the consumer that owns the group, keeps every later message of the case behind it, while the other
 * consumers carry on with other cases.
 */
@Component
public class RedeliveryBackOff {

    private static final Logger log = LoggerFactory.getLogger(RedeliveryBackOff.class);

    private final HubProperties.Broker settings;

    public RedeliveryBackOff(HubProperties properties) {
        this.settings = properties.broker();
    }

    /** The wait after the given delivery (1 = the first) failed: initial × multiplier^(n−1), at most the maximum. */
    Duration delayAfter(int deliveryCount) {
        double delay = settings.redeliveryDelayMs() * Math.pow(settings.redeliveryMultiplier(), Math.max(0, deliveryCount - 1));
        return Duration.ofMillis((long) Math.min(delay, settings.maxRedeliveryDelayMs()));
    }

    /** Waits before the exchange's failure rolls its message back; no wait once it will be dead-lettered. */
    void hold(Exchange exchange) {
        Integer count = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        int deliveryCount = count == null ? 1 : count;
        if (deliveryCount >= settings.maxDeliveryAttempts()) {
            return; // the broker dead-letters it on this rollback: nothing to wait for
        }
        Duration delay = delayAfter(deliveryCount);
        log.debug("Attempt {} failed; the message goes back after {} ms", deliveryCount, delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: roll back at once
        }
    }
}
