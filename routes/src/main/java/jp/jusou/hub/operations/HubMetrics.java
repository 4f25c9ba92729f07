package jp.jusou.hub.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The hub's message counters. Labels carry agency ids, message types and reason codes only: never
 * anything from a message's content.
 * <ul>
 *   <li>{@code hub_messages_in_total{agency}} — messages taken in from an agency (every attempt);</li>
 *   <li>{@code hub_messages_out_total{agency,type}} — copies delivered to an agency;</li>
 *   <li>{@code hub_messages_rejected_total{agency,reason}} — rejections of an agency's messages, per reason;</li>
 *   <li>{@code hub_messages_delivered_total{agency,type}} — an agency's messages delivered.</li>
 * </ul>
 */
@Component
public class HubMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void in(String agency) {
        counters.computeIfAbsent("hub.messages.in|" + agency,
                k -> Counter.builder("hub.messages.in").tag("agency", agency).register(registry)).increment();
    }

    public void delivered(String sender, String type) {
        counter("hub.messages.delivered", "agency", sender, "type", type).increment();
    }

    public void out(String recipient, String type) {
        counter("hub.messages.out", "agency", recipient, "type", type).increment();
    }

    public void rejected(String sender, String reason) {
        counter("hub.messages.rejected", "agency", sender, "reason", reason).increment();
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        String key = name + '|' + v1 + '|' + v2;
        return counters.computeIfAbsent(key, k -> Counter.builder(name).tag(k1, v1).tag(k2, v2).register(registry));
    }
}
