package jp.jusou.hub.benchmark;

import static jp.jusou.hub.benchmark.BenchmarkHub.addBridge;
import static jp.jusou.hub.benchmark.BenchmarkHub.agency;
import static jp.jusou.hub.benchmark.BenchmarkHub.closeQuietly;
import static jp.jusou.hub.benchmark.BenchmarkHub.deleteQuietly;
import static jp.jusou.hub.benchmark.BenchmarkHub.freePort;
import static jp.jusou.hub.benchmark.BenchmarkHub.journal;
import static jp.jusou.hub.benchmark.BenchmarkHub.registerConsents;
import static jp.jusou.hub.benchmark.Figures.elapsedSeconds;
import static jp.jusou.hub.benchmark.Figures.latencyFigures;
import static jp.jusou.hub.benchmark.Figures.phaseName;
import static jp.jusou.hub.benchmark.Figures.round;
import static jp.jusou.hub.benchmark.Figures.throughputFigures;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.HubApplication;
import jp.jusou.hub.benchmark.LoadGenerator.Login;
import jp.jusou.hub.benchmark.LoadGenerator.Spec;
import jp.jusou.hub.message.BrokerNames;
import org.apache.camel.CamelContext;
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

    private synchronized void printResults() {
        new ResultsTable(OUT, params, report, scenarios, errors).print();
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

    private static void pause() throws InterruptedException {
        Thread.sleep(1000); // let the previous batch's acknowledgements and journal writes settle
    }


}
