package jp.jusou.hub.benchmark;

import static jp.jusou.hub.benchmark.Figures.round;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's end: the ratios, the table, the errors and the one line {@code BENCHMARK_JSON {...}}. */
final class ResultsTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Params params;
    private final Map<String, Object> report;
    private final Map<String, Map<String, Object>> scenarios;
    private final List<String> errors;

    ResultsTable(PrintStream out, Params params, Map<String, Object> report, Map<String, Map<String, Object>> scenarios,
                 List<String> errors) {
        this.out = out;
        this.params = params;
        this.report = report;
        this.scenarios = scenarios;
        this.errors = errors;
    }

    void print() {
        Map<String, Object> ratios = new LinkedHashMap<>();
        Double raw = throughputOf("raw");
        Double rawHop = throughputOf("raw-hop");
        Double bridge = throughputOf("bridge");
        Double hub = throughputOf("hub");
        Double hub2 = throughputOf("hub-2");
        if (hub != null && rawHop != null) {
            ratios.put("hubOverRawHopThroughput", round(hub / rawHop, 3));
        }
        if (hub != null && raw != null) {
            ratios.put("hubOverRawThroughput", round(hub / raw, 3));
        }
        if (hub != null && bridge != null) {
            ratios.put("hubOverBridgeThroughput", round(hub / bridge, 3));
        }
        if (hub2 != null && hub != null) {
            ratios.put("hub2OverHubThroughput", round(hub2 / hub, 3));
        }
        report.put("ratios", ratios);
        report.put("ok", errors.isEmpty());
        report.put("errors", List.copyOf(errors));

        out.println();
        Map<?, ?> machine = (Map<?, ?>) report.get("machine");
        String rate = params.rate() == 0 ? "half of each scenario's throughput" : String.format(Locale.ROOT, "%,d msg/s", params.rate());
        out.printf(Locale.ROOT, "重層 Hub benchmark: %,d messages by %d producers; fixed rate %s for %d s; "
                        + "%s-byte referral; %s cores; Java %s%n", params.messages(), params.producers(), rate,
                params.seconds(), report.get("messageBytes"), machine == null ? "?" : machine.get("cores"),
                System.getProperty("java.version"));
        String row = "%-8s %17s | %10s %10s %10s %10s %15s %16s%n";
        out.printf(Locale.ROOT, "%-8s %17s | %s%n", "", "",
                String.format(Locale.ROOT, "latency at a fixed rate (%s) for %d s, from intended send time", rate, params.seconds()));
        out.printf(Locale.ROOT, row, "scenario", "throughput msg/s", "rate msg/s", "p50 ms", "p99 ms", "max ms", "arrived",
                "max send lag ms");
        for (Map.Entry<String, Map<String, Object>> e : scenarios.entrySet()) {
            Map<?, ?> tp = (Map<?, ?>) e.getValue().get("throughput");
            Map<?, ?> lat = (Map<?, ?>) e.getValue().get("latency");
            out.printf(Locale.ROOT, row, e.getKey(),
                    tp != null && tp.get("msgPerSec") != null ? String.format(Locale.ROOT, "%,.1f", (Double) tp.get("msgPerSec")) : "-",
                    lat == null ? "-" : String.format(Locale.ROOT, "%,d", lat.get("rate")), fmt(lat, "p50Ms"), fmt(lat, "p99Ms"), fmt(lat, "maxMs"),
                    lat == null ? "-" : String.format(Locale.ROOT, "%,d/%,d", lat.get("arrived"), lat.get("intended")),
                    fmt(lat, "maxSendLagMs"));
        }
        if (ratios.containsKey("hubOverRawHopThroughput")) {
            out.printf(Locale.ROOT, "throughput hub/raw-hop = %.3f%n", ratios.get("hubOverRawHopThroughput"));
        }
        if (report.get("journal") instanceof Map<?, ?> journal) {
            out.printf(Locale.ROOT, "journal: %s, one 4 KiB synced write p50 %s ms, p99 %s ms%n", journal.get("type"),
                    fmt((Map<?, ?>) journal.get("syncWrite"), "p50Ms"), fmt((Map<?, ?>) journal.get("syncWrite"), "p99Ms"));
        }
        if (ratios.containsKey("hub2OverHubThroughput")) {
            out.printf(Locale.ROOT, "throughput hub-2/hub  = %.3f (two instances on %s cores)%n", ratios.get("hub2OverHubThroughput"),
                    machine == null ? "?" : machine.get("cores"));
        }
        if (ratios.containsKey("hubOverRawThroughput")) {
            out.printf(Locale.ROOT, "throughput hub/raw    = %.3f%n", ratios.get("hubOverRawThroughput"));
        }
        if (ratios.containsKey("hubOverBridgeThroughput")) {
            out.printf(Locale.ROOT, "throughput hub/bridge = %.3f%n", ratios.get("hubOverBridgeThroughput"));
        }
        for (String error : errors) {
            out.println("ERROR: " + error);
        }
        try {
            out.println("BENCHMARK_JSON " + JSON.writeValueAsString(report));
        } catch (IOException | RuntimeException e) {
            out.println("BENCHMARK_JSON {\"ok\":false,\"errors\":[\"could not write the report: " + e.getMessage() + "\"]}");
        }
    }

    private Double throughputOf(String scenario) {
        Map<String, Object> s = scenarios.get(scenario);
        if (s == null || !(s.get("throughput") instanceof Map<?, ?> tp) || !(tp.get("msgPerSec") instanceof Double v)) {
            return null;
        }
        return v;
    }

    private static String fmt(Map<?, ?> figures, String key) {
        return figures != null && figures.get(key) instanceof Double v ? String.format(Locale.ROOT, "%,.2f", v) : "-";
    }
}
