package jp.jusou.hub.benchmark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rate} 0 means "half": each scenario's fixed rate is half its own measured throughput. */
record Params(int messages, int rate, int seconds, int producers, int warmup, List<String> scenarios,
              int phaseTimeoutSeconds, int maxSeconds, boolean keepData) {

    static Params parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("usage: benchmark/run [--messages=5000] [--rate=half|<msg/s>] [--seconds=10] [--producers=4]"
                        + " [--warmup=1000] [--scenarios=raw-hop,raw,bridge,hub,hub-2] [--phase-timeout=120] [--max-seconds=480]"
                        + " [--keep-data=false]");
                Benchmark.exit(0);
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        List<String> known = List.of("messages", "rate", "seconds", "producers", "warmup", "scenarios",
                "phase-timeout", "max-seconds", "keep-data");
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter --" + name + " (known: " + known + ")");
            }
        }
        String rate = value(given, "rate", "half");
        Params p = new Params(positive(given, "messages", 5000), "half".equals(rate) ? 0 : positive(given, "rate", 1000),
                positive(given, "seconds", 10), positive(given, "producers", 4), atLeastZero(given, "warmup", 1000),
                Arrays.stream(value(given, "scenarios", String.join(",", Benchmark.SCENARIOS)).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(),
                positive(given, "phase-timeout", 120), positive(given, "max-seconds", 480),
                Boolean.parseBoolean(value(given, "keep-data", "false")));
        for (String s : p.scenarios()) {
            if (!Benchmark.SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + " " + Benchmark.SCENARIOS);
            }
        }
        return p;
    }

    private static String value(Map<String, String> given, String name, String fallback) {
        String v = given.get(name);
        return v != null ? v : System.getProperty("benchmark." + name, fallback);
    }

    private static int positive(Map<String, String> given, String name, int fallback) {
        int v = Integer.parseInt(value(given, name, String.valueOf(fallback)));
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return v;
    }

    private static int atLeastZero(Map<String, String> given, String name, int fallback) {
        int v = Integer.parseInt(value(given, name, String.valueOf(fallback)));
        if (v < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
        return v;
    }
}
