package jp.jusou.hub.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.ExternalHub;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.Messages;
import jp.jusou.hub.ReferralFlow;
import jp.jusou.hub.Topology;

/**
 * Steady load on a {@link Topology} for one fault: two agencies send referrals over AMQPS (failover to
 * both brokers) and one submits over HTTPS (to the hubs in turn, trying the next hub when one does not
 * answer), each at a fixed rate, grouped by case; the recipient takes them off its AMQPS queue, storing
 * first and acknowledging second (a copy the broker offers again is booked as redelivered). A send
 * that failed is sent again with the same messageId (the hub delivers a messageId once), before the
 * next one. Books lost, duplicated and out of case order ({@link ReferralFlow}) and deliveries per second.
 */
final class FaultLoad implements AutoCloseable {

    static final String RECIPIENT = "omuta-takikan";
    static final String[] AMQP_SENDERS = {"omuta-houkatsu-1", "omuta-houkatsu-2"};
    static final String HTTP_SENDER = "omuta-jiritsu";
    static final int CASES = 4;

    private final Topology topology;
    private final int perSecond;
    private final List<ReferralFlow> flows = new ArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(4);
    private final List<AgencyClient> clients = new ArrayList<>();
    private final AgencyClient recipient;
    private final AtomicLongArray deliveriesPerSecond = new AtomicLongArray(3600);
    private final AtomicInteger httpRetries = new AtomicInteger();
    private final AtomicInteger amqpRetries = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private volatile boolean receiving = true;
    private volatile boolean sending = true;
    private final Thread receiver;

    /** Starts the load; {@code perSecond} referrals per second from each of the three senders. */
    FaultLoad(Topology topology, String name, int perSecond) {
        this.topology = topology;
        this.perSecond = perSecond;
        this.recipient = topology.agency(RECIPIENT);
        this.receiver = new Thread(this::receive, "fault-load-receiver");
        receiver.start();
        long period = 1_000_000 / perSecond;
        for (String sender : AMQP_SENDERS) {
            ReferralFlow flow = new ReferralFlow(sender, RECIPIENT, "C-" + name + "-" + sender + "-", CASES);
            flows.add(flow);
            AgencyClient client = topology.agency(sender);
            clients.add(client);
            ConcurrentLinkedDeque<ObjectNode> pending = new ConcurrentLinkedDeque<>();
            ticks.scheduleAtFixedRate(() -> sendAmqp(client, flow, pending), 0, period, TimeUnit.MICROSECONDS);
        }
        ReferralFlow http = new ReferralFlow(HTTP_SENDER, RECIPIENT, "C-" + name + "-" + HTTP_SENDER + "-", CASES);
        flows.add(http);
        ConcurrentLinkedDeque<ObjectNode> pending = new ConcurrentLinkedDeque<>();
        AtomicInteger turn = new AtomicInteger();
        ticks.scheduleAtFixedRate(() -> sendHttps(http, pending, turn), 0, period, TimeUnit.MICROSECONDS);
    }

    private void sendAmqp(AgencyClient client, ReferralFlow flow, ConcurrentLinkedDeque<ObjectNode> pending) {
        if (!sending) {
            return;
        }
        ObjectNode referral = pending.isEmpty() ? flow.next() : pending.poll();
        flow.attempt(referral);
        try {
            client.send(Messages.text(referral), ReferralFlow.group(referral));
            flow.sent(referral);
        } catch (RuntimeException cutOff) {
            amqpRetries.incrementAndGet();
            pending.addFirst(referral); // may or may not have arrived: the same messageId again
        }
    }

    private void sendHttps(ReferralFlow flow, ConcurrentLinkedDeque<ObjectNode> pending, AtomicInteger turn) {
        if (!sending) {
            return;
        }
        ObjectNode referral = pending.isEmpty() ? flow.next() : pending.poll();
        flow.attempt(referral);
        List<ExternalHub> hubs = topology.hubs();
        for (int tries = 0; tries < hubs.size(); tries++) {
            ExternalHub hub = hubs.get(Math.floorMod(turn.getAndIncrement(), hubs.size()));
            try {
                HttpAgency agency = topology.http(HTTP_SENDER, hub);
                HttpResponse<String> response = agency.post("/api/v1/messages", Messages.text(referral));
                if (response.statusCode() == 202) {
                    flow.sent(referral);
                    return;
                }
            } catch (RuntimeException notAnswering) {
                // this hub is down: the next one
            }
            httpRetries.incrementAndGet();
        }
        pending.addFirst(referral);
    }

    private void receive() {
        while (receiving) {
            try {
                // store first (the books), acknowledge second, as the integration guide asks of an agency
                recipient.receiveStored(Duration.ofMillis(500), (message, copyId) -> {
                    int second = (int) TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
                    deliveriesPerSecond.incrementAndGet(Math.min(second, deliveriesPerSecond.length() - 1));
                    flows.forEach(flow -> flow.arrived(message, copyId));
                });
            } catch (RuntimeException failingOver) {
                // the AMQP client fails over by itself; a receive cut off is tried again
            }
        }
    }

    /** Keeps the load on for a while (the receiver books arrivals meanwhile). */
    void receiveFor(Duration duration) throws InterruptedException {
        receiver.join(Math.max(1, duration.toMillis()));
    }

    /** Waits (at most {@code timeout}) until the last 3 s delivered at least 80 % of the send rate. */
    void awaitThroughput(double from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int second = (int) Math.floor(now());
            if (second - 3 >= from) {
                long window = deliveriesPerSecond.get(second - 1) + deliveriesPerSecond.get(second - 2) + deliveriesPerSecond.get(second - 3);
                if (window >= 0.8 * 3.0 * perSecond * flows.size()) {
                    return;
                }
            }
            receiver.join(250);
        }
    }

    /** Seconds since the load started. */
    double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops sending and waits (at most {@code timeout}) until everything sent has arrived. */
    ReferralFlow.Counts finish(Duration timeout) throws InterruptedException {
        sending = false;
        ticks.shutdown();
        ticks.awaitTermination(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !flows.stream().allMatch(ReferralFlow::allArrived)) {
            receiver.join(500); // the receiver thread books arrivals meanwhile
        }
        receiver.join(3000); // late duplicates would come now
        return flows.stream().map(ReferralFlow::counts).reduce(ReferralFlow.Counts::plus).orElseThrow();
    }

    /**
     * Seconds from {@code from} until deliveries run again for good: the end of the last second (before
     * {@code until}) whose 3-second delivery rate was below 80 % of the send rate; 0 if none was.
     */
    int resumeSeconds(double from, double until) {
        double steady = 3.0 * perSecond * flows.size();
        int last = -1;
        for (int s = (int) Math.floor(from); s + 3 <= (int) Math.floor(until); s++) {
            long window = deliveriesPerSecond.get(s) + deliveriesPerSecond.get(s + 1) + deliveriesPerSecond.get(s + 2);
            if (window < 0.8 * steady) {
                last = s;
            }
        }
        return last < 0 ? 0 : (int) Math.ceil(last + 1 - from);
    }

    /** What was duplicated or out of order, one line each. */
    List<String> incidents() {
        return flows.stream().flatMap(flow -> flow.incidents().stream()).toList();
    }

    int retries() {
        return httpRetries.get() + amqpRetries.get();
    }

    @Override
    public void close() {
        sending = false;
        receiving = false;
        ticks.shutdownNow();
        clients.forEach(AgencyClient::close);
        try {
            receiver.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recipient.close();
    }
}
