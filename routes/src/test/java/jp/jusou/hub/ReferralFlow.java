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
 * reports — lost (sent, never arrived), duplicated (a second copy arrived: the hub delivered it twice),
 * out of order (arrived before an earlier referral of its case). The broker offering the same copy
 * again (the same JMSMessageID: its acknowledgement was cut off by a failover) is counted apart as
 * redelivered: the integration guide tells agencies to store first, acknowledge second and take a
 * second arrival of the same sender and messageId as the same message, and the recipient here does so.
 * Thread-safe: a sender and a receiver thread may share it.
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
    private final Map<String, java.util.Set<String>> copies = new HashMap<>();
    private int redelivered;
    private final List<String> incidents = new ArrayList<>();
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
        arrived(message, null);
    }

    /**
     * Books a message the recipient received as the copy {@code copyId} (the broker's id of the copy; null
     * if unknown: every arrival then counts as a copy of its own).
     */
    public synchronized void arrived(JsonNode message, String copyId) {
        if (message == null || !"referral".equals(message.path("type").asText())) {
            return;
        }
        String id = message.path("messageId").asText();
        Integer index = indexOf.get(id);
        if (index == null) {
            return;
        }
        lastArrivalNanos = System.nanoTime();
        java.util.Set<String> seen = copies.computeIfAbsent(id, k -> new java.util.HashSet<>());
        if (copyId != null && seen.contains(copyId)) {
            redelivered++;
            return;
        }
        if (copyId != null) {
            seen.add(copyId);
        }
        if (arrivals.merge(id, 1, Integer::sum) > 1) {
            incidents.add("duplicated: referral #%d (%s) arrived again as another copy (%s, copies %s)".formatted(index, id, copyId, seen));
            return;
        }
        int kase = index % cases; // next() chose the case from the same count
        Integer last = lastIndexOfCase.get(kase);
        if (last != null && last > index) {
            outOfOrder++;
            incidents.add("out of order: referral #%d (%s, case %s, copy %s) arrived after #%d of its case".formatted(index, id,
                    caseId(kase), copyId, last));
        } else {
            lastIndexOfCase.put(kase, index);
        }
    }

    /** What was duplicated or out of order, one line each, for the run's log. */
    public synchronized List<String> incidents() {
        return List.copyOf(incidents);
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
        return new Counts(sent.size(), lost, duplicated, outOfOrder, redelivered);
    }

    /**
     * The figures of a fault: sent, lost, duplicated, out of case order, and the copies the broker offered
     * again (the recipient's store absorbs those; not a fault of the hub's).
     */
    public record Counts(int sent, int lost, int duplicated, int outOfOrder, int redelivered) {
        public Counts plus(Counts other) {
            return new Counts(sent + other.sent, lost + other.lost, duplicated + other.duplicated, outOfOrder + other.outOfOrder,
                    redelivered + other.redelivered);
        }
    }
}
