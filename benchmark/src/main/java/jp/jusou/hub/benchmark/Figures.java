package jp.jusou.hub.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A phase's figures as the report carries them: throughput, latency percentiles, rounded milliseconds. */
final class Figures {

    private Figures() {
    }

    static String phaseName(Phase phase) {
        return switch (phase.name) {
            case "w" -> "warm-up";
            case "t" -> "throughput";
            default -> "fixed-rate latency";
        };
    }

    static double elapsedSeconds(Phase phase) {
        return (phase.lastArrivalNanos - phase.firstSendNanos) / 1e9;
    }

    static Map<String, Object> throughputFigures(Phase phase) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("messages", phase.expected);
        f.put("sent", phase.sent.get());
        f.put("arrived", phase.arrived.get());
        if (phase.complete() && phase.arrived.get() == phase.expected) {
            double seconds = elapsedSeconds(phase);
            f.put("seconds", round(seconds, 3));
            f.put("msgPerSec", round(phase.expected / seconds, 1));
            f.put("sendSeconds", round((phase.lastSendNanos.get() - phase.firstSendNanos) / 1e9, 3));
        }
        Map<String, Object> latency = percentiles(phase.latency);
        f.put("latencyFromSendUnderSaturation", latency);
        return f;
    }

    static Map<String, Object> latencyFigures(Phase phase) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("intended", phase.expected);
        f.put("sent", phase.sent.get());
        f.put("arrived", phase.arrived.get());
        f.put("rejected", phase.rejected.get());
        f.putAll(percentiles(phase.latency));
        f.put("maxSendLagMs", round(phase.maxSendLagNanos.get() / 1e6, 3));
        if (phase.lastArrivalNanos > 0) {
            f.put("lastArrivalAfterStartSeconds", round((phase.lastArrivalNanos - phase.firstSendNanos) / 1e9, 3));
        }
        return f;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            f.put("p50Ms", ms(h.getValueAtPercentile(50)));
            f.put("p90Ms", ms(h.getValueAtPercentile(90)));
            f.put("p99Ms", ms(h.getValueAtPercentile(99)));
            f.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
            f.put("maxMs", ms(h.getMaxValue()));
            f.put("meanMs", ms((long) h.getMean()));
        }
        return f;
    }

    static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
