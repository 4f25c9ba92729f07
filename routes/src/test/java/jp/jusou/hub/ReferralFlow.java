package jp.jusou.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The books of a stream of referrals from one agency to another, spread over a few cases: what was
 * sent (in order), what arrived at the recipient, and from those the three figures every fault test
 * reports — lost (sent, never arrived), duplicated (arrived more than once), out of order (arrived
 * before an earlier referral of its case). Thread-safe: a sender and a receiver thread may share it.
 */
public final class ReferralFlow {

    private final String sender;
    private final String recipient;
    private final String casePrefix;
    private final int cases;
    private final List<String> sent = new ArrayList<>();
    private final Map<String, Integer> indexOf = new HashMap<>();
    private int attempts;
    private final Map<String, Integer> arrivals = new LinkedHashMap<>();
    private final Map<Integer, Integer> lastIndexOfCase = new HashMap<>();
    private int outOfOrder;
    private long lastArrivalNanos;

    public ReferralFlow(String sender, String recipient, String casePrefix, int cases) {
        this.sender = sender;
        this.recipient = recipient;
        this.casePrefix = casePrefix;
        this.cases = cases;
    }

    public String sender() {
        return sender;
    }

    /** The next referral of the stream (its case chosen round robin); count it with {@link #sent} once the broker took it. */
    public synchronized ObjectNode next() {
        ObjectNode referral = Messages.referral(sender, recipient);
        referral.put("caseId", caseId(attempts % cases));
        return referral;
    }

    /** The message group of a referral: its case, as agencies send them. */
    public static String group(ObjectNode referral) {
        return "case:" + referral.get("caseId").asText();
    }

    private String caseId(int kase) {
        return casePrefix + kase;
    }

    /**
     * Books a referral about to be sent (its place in its case's order is its first attempt): a send cut
     * off by a failure may still have arrived before its retry succeeds, and its arrival must not be missed.
     */
    public synchronized void attempt(ObjectNode referral) {
        book(referral.get("messageId").asText());
    }

    private void book(String id) {
        if (!indexOf.containsKey(id)) {
            indexOf.put(id, attempts++);
        }
    }

    /** Books a referral the broker (or the hub's HTTP API) took. */
    public synchronized void sent(ObjectNode referral) {
        String id = referral.get("messageId").asText();
        book(id);
        sent.add(id);
    }

    /** Books a message the recipient received; other messages than this stream's referrals are ignored. */
    public synchronized void arrived(JsonNode message) {
        if (message == null || !"referral".equals(message.path("type").asText())) {
            return;
        }
        String id = message.path("messageId").asText();
        Integer index = indexOf.get(id);
        if (index == null) {
            return;
        }
        lastArrivalNanos = System.nanoTime();
        if (arrivals.merge(id, 1, Integer::sum) > 1) {
            return;
        }
        int kase = index % cases; // next() chose the case from the same count
        Integer last = lastIndexOfCase.get(kase);
        if (last != null && last > index) {
            outOfOrder++;
        } else {
            lastIndexOfCase.put(kase, index);
        }
    }

    public synchronized int sentCount() {
        return sent.size();
    }

    public synchronized int arrivedCount() {
        return arrivals.size();
    }

    public synchronized boolean allArrived() {
        return arrivals.keySet().containsAll(sent);
    }

    public synchronized Counts counts() {
        int lost = (int) sent.stream().filter(id -> !arrivals.containsKey(id)).count();
        int duplicated = arrivals.values().stream().mapToInt(n -> n - 1).sum();
        return new Counts(sent.size(), lost, duplicated, outOfOrder);
    }

    /** The figures of a fault: sent, lost, duplicated, out of case order. */
    public record Counts(int sent, int lost, int duplicated, int outOfOrder) {
        public Counts plus(Counts other) {
            return new Counts(sent + other.sent, lost + other.lost, duplicated + other.duplicated, outOfOrder + other.outOfOrder);
        }
    }
}
