package jp.jusou.hub.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.ReferralFlow;
import jp.jusou.hub.Topology;

/**
 * One fault after another on a running {@link Topology}, each under its own steady load: warm up,
 * inject, keep the load on until throughput is back, stop sending, wait until everything sent arrived,
 * and book the figures. The fault suite ({@link FaultSuite}) and the CI tests ({@code HubKillTest})
 * both run faults through this.
 */
public final class FaultRun {

    /** What a fault does to the topology; returns the moment (load seconds) from which recovery is measured. */
    @FunctionalInterface
    public interface Injection {
        double inject(Topology topology, FaultLoad load) throws Exception;
    }

    /** The figures of one fault. */
    public record Result(String name, ReferralFlow.Counts counts, int resumeSeconds, int retries, double seconds) {
        String json() {
            return "{\"lost\":%d,\"duplicated\":%d,\"outOfOrder\":%d,\"resumeSeconds\":%d,\"sent\":%d,\"redelivered\":%d}"
                    .formatted(counts.lost(), counts.duplicated(), counts.outOfOrder(), resumeSeconds, counts.sent(), counts.redelivered());
        }
    }

    private final Topology topology;
    private final int perSecond;
    private final Duration warmUp;
    private final Duration afterRecovery;
    private final Map<String, Result> results = new LinkedHashMap<>();
    private java.nio.file.Path log;

    public FaultRun(Topology topology, int perSecond, Duration warmUp, Duration afterRecovery) {
        this.topology = topology;
        this.perSecond = perSecond;
        this.warmUp = warmUp;
        this.afterRecovery = afterRecovery;
    }

    /** Appends each fault's figures to this file as it completes. */
    public FaultRun logTo(java.nio.file.Path file) {
        this.log = file;
        return this;
    }

    /** Every sender's test consent (subject H-0042), once per topology. */
    public void grantConsents() {
        for (String sender : new String[] {FaultLoad.AMQP_SENDERS[0], FaultLoad.AMQP_SENDERS[1], FaultLoad.HTTP_SENDER}) {
            try (AgencyClient client = topology.agency(sender)) {
                HubTestSupport.grantTestConsent(client, sender);
            }
        }
    }

    /** Whether this fault is to run: all of them, unless {@code -Dfaults.only=<name>,<name>} names some. */
    public static boolean selected(String name) {
        String only = System.getProperty("faults.only", "");
        return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(name);
    }

    /** Runs a fault under its own load and books its figures; a fault not {@link #selected} is skipped (null). */
    public Result run(String name, Injection injection) throws Exception {
        if (!selected(name)) {
            return null;
        }
        long started = System.nanoTime();
        try (FaultLoad load = new FaultLoad(topology, name, perSecond)) {
            load.receiveFor(warmUp);
            double from = load.now();
            double measureFrom = injection.inject(topology, load);
            load.awaitThroughput(measureFrom, Duration.ofSeconds(90));
            load.receiveFor(afterRecovery);
            double until = load.now();
            ReferralFlow.Counts counts = load.finish(Duration.ofMinutes(2));
            Result result = new Result(name, counts, load.resumeSeconds(measureFrom, until), load.retries(),
                    (System.nanoTime() - started) / 1e9);
            System.out.printf("fault %s: injected at %.1f s, measured from %.1f s: %s%n", name, from, measureFrom, result);
            results.put(name, result);
            load.incidents().forEach(incident -> System.out.printf("fault %s: %s%n", name, incident));
            if (log != null) { // each fault's figures as soon as it is done, should a later one hang
                StringBuilder lines = new StringBuilder(name + " " + result.json() + "\n");
                load.incidents().forEach(incident -> lines.append("  ").append(incident).append('\n'));
                java.nio.file.Files.writeString(log, lines, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            return result;
        }
    }

    public Map<String, Result> results() {
        return results;
    }

    /** The table and the one line {@code FAULTS_JSON {...}}. */
    public String report() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%-20s %6s %6s %10s %11s %14s %8s %12s%n", "fault", "sent", "lost", "duplicated", "outOfOrder",
                "resumeSeconds", "retries", "redelivered"));
        results.values().forEach(r -> text.append(String.format("%-20s %6d %6d %10d %11d %14d %8d %12d%n", r.name(), r.counts().sent(),
                r.counts().lost(), r.counts().duplicated(), r.counts().outOfOrder(), r.resumeSeconds(), r.retries(),
                r.counts().redelivered())));
        StringBuilder json = new StringBuilder("FAULTS_JSON {\"faults\": {");
        String separator = "";
        for (Result r : results.values()) {
            json.append(separator).append('"').append(r.name()).append("\": ").append(r.json());
            separator = ", ";
        }
        return text.append(json).append("}}").toString();
    }
}
