package jp.jusou.hub.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.benchmark.LoadGenerator.Login;
import jp.jusou.hub.benchmark.LoadGenerator.Spec;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.HubProperties;
import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Raw broker vs a hand-written transacted Camel bridge vs the hub's pipeline, on one embedded broker
 * in one JVM, with one load generator ({@link LoadGenerator}) and one message body
 * ({@link ReferralBodies}). See benchmark/README.md.
 *
 * <p>Arguments ({@code --name=value}) or system properties ({@code -Dbenchmark.name=value}):
 * messages (5000), rate ("half": each scenario at half its measured throughput; or msg/s), seconds (10),
 * producers (4), warmup (1000), scenarios (raw-hop,raw,bridge,hub,hub-2), phase-timeout (120 s, the longest
 * wait for one warm-up or throughput batch),
 * max-seconds (480, after which the run is aborted), keep-data (false).
 */
public final class Benchmark {

    static final String BROKER_PASSWORD = "bench-secret";
    static final List<String> SCENARIOS = List.of("raw-hop", "raw", "bridge", "hub", "hub-2");
    // a broker-only agency of the demo (omuta-houkatsu-1 now exchanges files; its reports would go to its folder)
    static final String SENDER = "omuta-kodomo";
    static final String RECIPIENT = "omuta-takikan";
    static final String BRIDGE_ROUTE = "bench-bridge";
    /** In-VM acceptor id of the benchmark's hub (hub.broker.embedded-id), apart from a hub already running on vm://0. */
    static final int EMBEDDED_ID = 4711;

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code rate} 0 means "half": each scenario's fixed rate is half its own measured throughput. */
    record Params(int messages, int rate, int seconds, int producers, int warmup, List<String> scenarios,
                  int phaseTimeoutSeconds, int maxSeconds, boolean keepData) {

        static Params parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                if (arg.equals("--help") || arg.equals("-h")) {
                    OUT.println("usage: benchmark/run [--messages=5000] [--rate=half|<msg/s>] [--seconds=10] [--producers=4]"
                            + " [--warmup=1000] [--scenarios=raw-hop,raw,bridge,hub,hub-2] [--phase-timeout=120] [--max-seconds=480]"
                            + " [--keep-data=false]");
                    exit(0);
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
                    Arrays.stream(value(given, "scenarios", String.join(",", SCENARIOS)).split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).toList(),
                    positive(given, "phase-timeout", 120), positive(given, "max-seconds", 480),
                    Boolean.parseBoolean(value(given, "keep-data", "false")));
            for (String s : p.scenarios()) {
                if (!SCENARIOS.contains(s)) {
                    throw new IllegalArgumentException("unknown scenario " + s + " " + SCENARIOS);
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

    /** Everything the run has found so far; printed at the end, or by the watchdog if time runs out. */
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> scenarios = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Params params;

    private Benchmark(Params params) {
        this.params = params;
    }

    public static void main(String[] args) {
        Params params;
        try {
            params = Params.parse(args);
        } catch (RuntimeException e) {
            System.err.println("benchmark: " + e.getMessage());
            exit(64);
            return;
        }
        Benchmark benchmark = new Benchmark(params);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(params.maxSeconds()));
            } catch (InterruptedException e) {
                return;
            }
            benchmark.fail("the run did not finish within --max-seconds=" + params.maxSeconds());
            benchmark.printResults();
            exit(2);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int code;
        try {
            code = benchmark.run();
        } catch (Throwable e) {
            e.printStackTrace();
            benchmark.fail("aborted: " + e);
            benchmark.printResults();
            code = 1;
        }
        exit(code);
    }

    /** System.exit, and halt if shutdown hooks (the hub's context, the broker) hang. */
    static void exit(int code) {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException ignored) {
                // fall through
            }
            Runtime.getRuntime().halt(code);
        }, "bench-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(code);
    }

    private synchronized void fail(String error) {
        errors.add(error);
        System.err.println("BENCHMARK ERROR: " + error);
    }

    private int run() throws Exception {
        Params p = params;
        ReferralBodies bodies = new ReferralBodies();
        report.put("parameters", Map.of("messages", p.messages(), "rate", p.rate() == 0 ? "half" : p.rate(), "seconds", p.seconds(),
                "producers", p.producers(), "warmup", p.warmup(), "scenarios", p.scenarios()));
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("javaVersion", System.getProperty("java.version"));
        machine.put("javaVm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        report.put("machine", machine);
        report.put("messageBytes", bodies.bodyBytes("bench.hub.t.4999", 4999));
        report.put("scenarios", scenarios);

        Path dataDir = Files.createTempDirectory("jusou-hub-bench-");
        int port = freePort();
        int embeddedId = EMBEDDED_ID;
        String tcpUrl = "tcp://127.0.0.1:" + port;
        List<String> hubArgs = new ArrayList<>(List.of(
                "--hub.data-dir=" + dataDir,
                "--hub.broker.url=vm://" + embeddedId,
                "--hub.broker.acceptor=" + tcpUrl + "?protocols=CORE,AMQP",
                "--hub.broker.password=" + BROKER_PASSWORD,
                "--server.port=0",
                "--hub.http.plain-port=-1",          // the demo's plain 8080 and AMQPS 5671: not used here, and may be taken
                "--hub.broker.amqps.enabled=false",
                "--logging.level.root=WARN",
                "--camel.main.run-controller=false",
                "--hub.demo.stand-ins.enabled=false", // the demo's SFTP and webhook far ends: not measured, and their fixed ports may be taken
                "--hub.broker.embedded-id=" + embeddedId));
        OUT.printf(Locale.ROOT, "Starting the hub (demo profile, data %s, broker %s, vm://%d)...%n", dataDir, tcpUrl, embeddedId);
        long startNanos = System.nanoTime();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .profiles("demo")
                .run(hubArgs.toArray(String[]::new));
        report.put("hubStartupSeconds", round((System.nanoTime() - startNanos) / 1e9, 2));
        report.put("embeddedBrokerId", embeddedId);
        try {
            String hubUser = hub.getEnvironment().getProperty("hub.broker.user", "hub");
            Login hubLogin = new Login(hubUser, BROKER_PASSWORD);
            CamelContext camel = hub.getBean(CamelContext.class);
            addBridge(camel, "vm://" + embeddedId, hubLogin);
            report.put("journal", journal(hub, dataDir));
            boolean consentsRegistered = false;
            int hopSessions = hub.getEnvironment().getProperty("hub.intake.concurrent-consumers", Integer.class, 4);

            for (String name : p.scenarios()) {
                Spec spec = switch (name) {
                    case "raw-hop" -> new Spec("raw-hop", "one transacted hop, " + hopSessions
                            + " sessions (JMS → bench.hop.in → receive + copy + report + commit → JMS)",
                            RawHop.IN, hubLogin, RawHop.OUT, hubLogin, RawHop.REPORTS, hubLogin, true);
                    case "raw" -> new Spec("raw", "raw broker (JMS → bench.raw → JMS)",
                            "bench.raw", hubLogin, "bench.raw", hubLogin, null, null, false);
                    case "bridge" -> new Spec("bridge", "plain transacted Camel JMS bridge (default settings)",
                            "bench.bridge.in", hubLogin, "bench.bridge.out", hubLogin, null, null, false);
                    case "hub-2" -> new Spec("hub-2", "two hub instances on one broker and one database (" + SENDER + " → "
                            + RECIPIENT + ")", BrokerNames.inbound(SENDER), agency(SENDER), BrokerNames.outbound(RECIPIENT), agency(RECIPIENT),
                            BrokerNames.outbound(SENDER), agency(SENDER), false);
                    default -> new Spec("hub", "hub pipeline (" + SENDER + " → " + RECIPIENT + ")",
                            BrokerNames.inbound(SENDER), agency(SENDER), BrokerNames.outbound(RECIPIENT), agency(RECIPIENT),
                            BrokerNames.outbound(SENDER), agency(SENDER), false);
                };
                if (name.startsWith("hub") && !consentsRegistered) {
                    registerConsents(tcpUrl);
                    consentsRegistered = true;
                }
                if ("raw-hop".equals(name)) {
                    try (RawHop hop = new RawHop("vm://" + embeddedId, hubLogin, hopSessions)) {
                        runScenario(spec, tcpUrl, bodies, camel);
                        if (hop.error.get() != null) {
                            fail("[raw-hop] a hop session failed: " + hop.error.get());
                        }
                    }
                } else if ("hub-2".equals(name)) {
                    OUT.printf(Locale.ROOT, "Starting a second hub instance on the same broker and database...%n");
                    ConfigurableApplicationContext second = SecondHub.start(hubArgs, tcpUrl);
                    try {
                        runScenario(spec, tcpUrl, bodies, camel);
                    } finally {
                        closeQuietly(second);
                    }
                } else {
                    runScenario(spec, tcpUrl, bodies, camel);
                }
            }
        } finally {
            closeQuietly(hub);
            if (!p.keepData()) {
                deleteQuietly(dataDir);
            }
        }
        printResults();
        return errors.isEmpty() ? 0 : 1;
    }

    /** Which journal the embedded broker runs (ASYNCIO needs libaio; Artemis falls back to NIO) and the disk's sync latency. */
    private static Map<String, Object> journal(ConfigurableApplicationContext hub, Path dataDir) throws IOException {
        Map<String, Object> journal = new LinkedHashMap<>();
        org.apache.activemq.artemis.core.config.Configuration config = hub
                .getBean(org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class).getActiveMQServer().getConfiguration();
        journal.put("type", config.getJournalType().name());
        journal.put("bufferTimeoutNs", config.getJournalType() == org.apache.activemq.artemis.core.server.JournalType.ASYNCIO
                ? config.getJournalBufferTimeout_AIO() : config.getJournalBufferTimeout_NIO());
        journal.put("syncWrite", JournalProbe.measure(dataDir, 500));
        return journal;
    }

    /** The hub delivers a referral only under a registered consent: one per benchmark subject. */
    private static void registerConsents(String tcpUrl) throws Exception {
        Login sender = agency(SENDER);
        org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(tcpUrl, sender.user(), sender.password());
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(BrokerNames.inbound(SENDER)));
            for (int c = 0; c < ReferralBodies.CASES; c++) {
                producer.send(session.createTextMessage(ReferralBodies.consentGrant(c)));
            }
            jakarta.jms.MessageConsumer reports = session.createConsumer(session.createQueue(BrokerNames.outbound(SENDER)));
            int registered = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (registered < ReferralBodies.CASES && System.nanoTime() < deadline) {
                jakarta.jms.Message m = reports.receive(1000);
                if (m instanceof jakarta.jms.TextMessage t && t.getText().contains("\"inReplyTo\":\"bench.consent.")) {
                    if (!t.getText().contains("\"outcome\":\"delivered\"")) {
                        throw new IllegalStateException("a benchmark consent was not registered: " + t.getText());
                    }
                    registered++;
                }
            }
            if (registered < ReferralBodies.CASES) {
                throw new IllegalStateException("only " + registered + " of " + ReferralBodies.CASES + " consents registered");
            }
        }
    }

    private static Login agency(String id) {
        return new Login(id, "demo-" + id); // the demo profile's agency secrets
    }

    /**
     * The bridge a team would write by hand: a JmsComponent with just a plain connection factory and
     * transacted=true, and a route from one queue to another. Started only for its own scenario.
     */
    private static void addBridge(CamelContext camel, String vmUrl, Login hub) throws Exception {
        JmsComponent bridge = new JmsComponent();
        bridge.setConnectionFactory(new ActiveMQConnectionFactory(vmUrl, hub.user(), hub.password()));
        bridge.setTransacted(true);
        camel.addComponent("bridgejms", bridge);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("bridgejms:queue:bench.bridge.in").routeId(BRIDGE_ROUTE).autoStartup(false)
                        .to("bridgejms:queue:bench.bridge.out");
            }
        });
    }

    private void runScenario(Spec spec, String tcpUrl, ReferralBodies bodies, CamelContext camel) throws Exception {
        Params p = params;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("title", spec.title());
        result.put("inQueue", spec.inQueue());
        result.put("outQueue", spec.outQueue());
        result.put("ok", false);
        synchronized (this) {
            scenarios.put(spec.name(), result);
        }
        OUT.printf(Locale.ROOT, "%n[%s] %s%n", spec.name(), spec.title());
        boolean bridge = spec.name().equals("bridge");
        if (bridge) {
            camel.getRouteController().startRoute(BRIDGE_ROUTE);
        }
        LoadGenerator gen = new LoadGenerator(spec, tcpUrl, p.producers(), bodies);
        long phaseTimeout = TimeUnit.SECONDS.toNanos(p.phaseTimeoutSeconds());
        try {
            gen.start();
            if (p.warmup() > 0) {
                Phase warmup = gen.throughput("w", p.warmup(), phaseTimeout);
                result.put("warmup", throughputFigures(warmup));
                if (!check(spec, gen, warmup, p.phaseTimeoutSeconds())) {
                    return;
                }
                OUT.printf(Locale.ROOT, "  warm-up      %,d messages in %.1f s%n", p.warmup(), elapsedSeconds(warmup));
            }
            pause();
            Phase throughput = gen.throughput("t", p.messages(), phaseTimeout);
            Map<String, Object> tp = throughputFigures(throughput);
            result.put("throughput", tp);
            if (!check(spec, gen, throughput, p.phaseTimeoutSeconds())) {
                return;
            }
            double msgPerSec = (double) tp.get("msgPerSec");
            OUT.printf(Locale.ROOT, "  throughput   %,d messages in %.2f s = %,.0f msg/s%n", p.messages(),
                    elapsedSeconds(throughput), msgPerSec);
            pause();
            // time to work off a backlog if the rate is above what this scenario can do, with margin
            int rate = p.rate() > 0 ? p.rate() : (int) Math.max(1, Math.round(msgPerSec / 2));
            long total = (long) rate * p.seconds();
            long drainSeconds = Math.min(300, Math.max(30, (long) Math.ceil(3.0 * total / msgPerSec)));
            Phase latency = gen.fixedRate("l", rate, p.seconds(), TimeUnit.SECONDS.toNanos(drainSeconds));
            Map<String, Object> lat = latencyFigures(latency);
            lat.put("rate", rate);
            lat.put("seconds", p.seconds());
            result.put("latency", lat);
            if (!check(spec, gen, latency, p.seconds() + drainSeconds)) {
                return;
            }
            OUT.printf(Locale.ROOT, "  fixed rate   %,d msg/s for %d s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d/%,d arrived)%n",
                    rate, p.seconds(), lat.get("p50Ms"), lat.get("p99Ms"), lat.get("maxMs"), latency.arrived.get(),
                    latency.expected);
            result.put("ok", true);
        } finally {
            result.put("strayMessages", gen.strays.get());
            if (spec.reportQueue() != null) {
                awaitReports(gen);
                Map<String, Object> reports = new LinkedHashMap<>();
                reports.put("delivered", gen.reportsDelivered.sum());
                reports.put("notDelivered", gen.reportsNotDelivered.sum());
                reports.put("reasonCodes", gen.rejectionCodes());
                result.put("deliveryReports", reports);
            }
            gen.close();
            if (bridge) {
                camel.getRouteController().stopRoute(BRIDGE_ROUTE, 10, TimeUnit.SECONDS);
            }
        }
    }

    /** The hub commits a report with each copy; give the drain a moment to read the last ones. */
    private void awaitReports(LoadGenerator gen) throws InterruptedException {
        Map<String, Object> result = scenarios.get(gen.spec().name());
        long expected = 0;
        for (String phase : List.of("warmup", "throughput", "latency")) {
            if (result.get(phase) instanceof Map<?, ?> figures && figures.get("sent") instanceof Number sent) {
                expected += sent.longValue();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gen.reportsDelivered.sum() + gen.reportsNotDelivered.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Whether the phase completed cleanly; otherwise records a precise error. */
    private boolean check(Spec spec, LoadGenerator gen, Phase phase, long waitedSeconds) {
        Throwable sendError = phase.sendError.get();
        String what = "[" + spec.name() + "] phase " + phaseName(phase) + ": ";
        if (sendError != null) {
            fail(what + "sending failed after " + phase.sent.get() + " of " + phase.expected + " messages: " + sendError);
            return false;
        }
        if (!phase.complete()) {
            fail(what + "only " + phase.arrived.get() + " of " + phase.expected + " messages arrived on " + spec.outQueue()
                    + " within " + waitedSeconds + " s (rejected by the hub: " + phase.rejected.get()
                    + ", stray: " + gen.strays.get()
                    + (gen.receiveError.get() != null ? ", receive error: " + gen.receiveError.get() : "")
                    + (gen.firstRejection.get() != null ? ", first rejection: " + gen.firstRejection.get() : "") + ")");
            return false;
        }
        if (phase.rejected.get() > 0) {
            fail(what + phase.rejected.get() + " of " + phase.expected + " messages were rejected by the hub "
                    + gen.rejectionCodes() + "; first: " + gen.firstRejection.get());
            return false;
        }
        if (phase.duplicates.get() > 0) {
            fail(what + phase.duplicates.get() + " messages arrived twice");
            return false;
        }
        return true;
    }

    private static String phaseName(Phase phase) {
        return switch (phase.name) {
            case "w" -> "warm-up";
            case "t" -> "throughput";
            default -> "fixed-rate latency";
        };
    }

    private static double elapsedSeconds(Phase phase) {
        return (phase.lastArrivalNanos - phase.firstSendNanos) / 1e9;
    }

    private static Map<String, Object> throughputFigures(Phase phase) {
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

    private static Map<String, Object> latencyFigures(Phase phase) {
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

    private static Map<String, Object> percentiles(Histogram h) {
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

    private static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(1000); // let the previous batch's acknowledgements and journal writes settle
    }

    private synchronized void printResults() {
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

        OUT.println();
        Map<?, ?> machine = (Map<?, ?>) report.get("machine");
        String rate = params.rate() == 0 ? "half of each scenario's throughput" : String.format(Locale.ROOT, "%,d msg/s", params.rate());
        OUT.printf(Locale.ROOT, "重層 Hub benchmark: %,d messages by %d producers; fixed rate %s for %d s; "
                        + "%s-byte referral; %s cores; Java %s%n", params.messages(), params.producers(), rate,
                params.seconds(), report.get("messageBytes"), machine == null ? "?" : machine.get("cores"),
                System.getProperty("java.version"));
        String row = "%-8s %17s | %10s %10s %10s %10s %15s %16s%n";
        OUT.printf(Locale.ROOT, "%-8s %17s | %s%n", "", "",
                String.format(Locale.ROOT, "latency at a fixed rate (%s) for %d s, from intended send time", rate, params.seconds()));
        OUT.printf(Locale.ROOT, row, "scenario", "throughput msg/s", "rate msg/s", "p50 ms", "p99 ms", "max ms", "arrived",
                "max send lag ms");
        for (Map.Entry<String, Map<String, Object>> e : scenarios.entrySet()) {
            Map<?, ?> tp = (Map<?, ?>) e.getValue().get("throughput");
            Map<?, ?> lat = (Map<?, ?>) e.getValue().get("latency");
            OUT.printf(Locale.ROOT, row, e.getKey(),
                    tp != null && tp.get("msgPerSec") != null ? String.format(Locale.ROOT, "%,.1f", (Double) tp.get("msgPerSec")) : "-",
                    lat == null ? "-" : String.format(Locale.ROOT, "%,d", lat.get("rate")), fmt(lat, "p50Ms"), fmt(lat, "p99Ms"), fmt(lat, "maxMs"),
                    lat == null ? "-" : String.format(Locale.ROOT, "%,d/%,d", lat.get("arrived"), lat.get("intended")),
                    fmt(lat, "maxSendLagMs"));
        }
        if (ratios.containsKey("hubOverRawHopThroughput")) {
            OUT.printf(Locale.ROOT, "throughput hub/raw-hop = %.3f%n", ratios.get("hubOverRawHopThroughput"));
        }
        if (report.get("journal") instanceof Map<?, ?> journal) {
            OUT.printf(Locale.ROOT, "journal: %s, one 4 KiB synced write p50 %s ms, p99 %s ms%n", journal.get("type"),
                    fmt((Map<?, ?>) journal.get("syncWrite"), "p50Ms"), fmt((Map<?, ?>) journal.get("syncWrite"), "p99Ms"));
        }
        if (ratios.containsKey("hub2OverHubThroughput")) {
            OUT.printf(Locale.ROOT, "throughput hub-2/hub  = %.3f (two instances on %s cores)%n", ratios.get("hub2OverHubThroughput"),
                    machine == null ? "?" : machine.get("cores"));
        }
        if (ratios.containsKey("hubOverRawThroughput")) {
            OUT.printf(Locale.ROOT, "throughput hub/raw    = %.3f%n", ratios.get("hubOverRawThroughput"));
        }
        if (ratios.containsKey("hubOverBridgeThroughput")) {
            OUT.printf(Locale.ROOT, "throughput hub/bridge = %.3f%n", ratios.get("hubOverBridgeThroughput"));
        }
        for (String error : errors) {
            OUT.println("ERROR: " + error);
        }
        try {
            OUT.println("BENCHMARK_JSON " + JSON.writeValueAsString(report));
        } catch (IOException | RuntimeException e) {
            OUT.println("BENCHMARK_JSON {\"ok\":false,\"errors\":[\"could not write the report: " + e.getMessage() + "\"]}");
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext hub) {
        Thread closer = new Thread(hub::close, "bench-hub-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.println("benchmark: the hub did not stop within 30 s; exiting anyway");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp directory; the OS cleans it up eventually
        }
    }
}
