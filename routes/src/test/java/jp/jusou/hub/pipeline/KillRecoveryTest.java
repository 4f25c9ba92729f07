package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubProcesses;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A crash mid-flight loses nothing and duplicates nothing. The hub runs as a separate process on its
 * embedded default (embedded Artemis journal, H2 file); while an agency is sending, the process is
 * killed with SIGKILL (no shutdown of any kind), then started again on the same data directory.
 * Every message whose send the broker confirmed is delivered exactly once, with exactly one delivery
 * report and a recorded outcome.
 */
class KillRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    final HubProcesses hubs = new HubProcesses("kill-test");

    @Test
    void killedHubRecoversWithoutLossOrDuplicates() throws Exception {
        Process first = hubs.start("first");
        String brokerUrl = hubs.brokerUrl();
        HttpAgency houkatsuHttp = new HttpAgency(hubs.httpUrl(), "omuta-houkatsu-1", "demo-omuta-houkatsu-1");
        try (AgencyClient houkatsu = new AgencyClient(brokerUrl, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
            jp.jusou.hub.HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1");
        }

        List<String> confirmed = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> unsure = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) { // four senders outpace the hub, so many messages are in flight at the kill
            int thread = t;
            Thread sender = new Thread(() -> {
                try (AgencyClient houkatsu = new AgencyClient(brokerUrl, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
                    for (int i = 0; i < 1000 && !stop.get(); i++) {
                        ObjectNode referral = Messages.referral("omuta-houkatsu-1", "omuta-takikan");
                        String caseId = "C-KILL-" + thread + "-" + (i % 8);
                        referral.put("caseId", caseId);
                        Messages.payload(referral).put("referralId", "R-" + caseId + "-" + i); // i: the order within the case
                        String id = referral.get("messageId").asText();
                        unsure.add(id);
                        houkatsu.send(Messages.text(referral), "case:" + caseId);
                        unsure.remove(id);
                        confirmed.add(id); // the broker confirmed the durable send
                    }
                } catch (RuntimeException brokerWentAway) {
                    stop.set(true);
                }
            });
            senders.add(sender);
            sender.start();
        }

        // kill while messages are being sent and processed: the hub has delivered some, many more wait
        org.awaitility.Awaitility.await("800 sent and the 100th decided").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> confirmed.size() >= 800 && houkatsuHttp.get("/api/v1/messages/" + confirmed.get(99)).statusCode() == 200);
        first.destroyForcibly().waitFor();
        stop.set(true);
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        int sentBeforeKill = confirmed.size();

        hubs.start("second");
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> lastInCase = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        Map<String, Integer> reports = new HashMap<>();
        try (AgencyClient takikan = new AgencyClient(brokerUrl, "omuta-takikan", "demo-omuta-takikan");
             AgencyClient houkatsu = new AgencyClient(brokerUrl, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
            long until = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < until && !copies.keySet().containsAll(confirmed)) {
                JsonNode copy = takikan.receive(Duration.ofSeconds(2));
                if (copy != null) {
                    // anything else (a referral-overdue notice, say) would mean a fixture has aged: say so plainly
                    assertThat(copy.path("type").asText()).as("type of a message to the coordinator").isEqualTo("referral");
                    copies.merge(copy.path("messageId").asText(), 1, Integer::sum);
                    String caseId = copy.path("caseId").asText();
                    int seq = Integer.parseInt(copy.at("/payload/referralId").asText().substring(("R-" + caseId + "-").length()));
                    Integer before = lastInCase.put(caseId, seq);
                    if (before != null && before > seq) {
                        outOfOrder.add(caseId + ": " + before + " before " + seq);
                    }
                }
            }
            JsonNode copy;
            while ((copy = takikan.receive(Duration.ofSeconds(2))) != null) {
                copies.merge(copy.path("messageId").asText(), 1, Integer::sum);
            }
            JsonNode report;
            while ((report = houkatsu.receive(Duration.ofSeconds(2))) != null) {
                reports.merge(report.at("/payload/inReplyTo").asText(), 1, Integer::sum);
            }
        }
        System.out.printf("KillRecoveryTest: %d sends confirmed before the kill, %d unsure, %d copies after restart%n",
                sentBeforeKill, unsure.size(), copies.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(copies.keySet()).as("every confirmed message delivered (%d sent before the kill)", sentBeforeKill)
                .containsAll(confirmed);
        assertThat(copies.keySet()).as("nothing the sender never sent").isSubsetOf(union(confirmed, unsure));
        assertThat(copies.values()).as("each exactly once").containsOnly(1);
        assertThat(outOfOrder).as("per-case order across the restart").isEmpty();
        for (String id : confirmed) {
            assertThat(reports.get(id)).as("one delivery report for " + id).isEqualTo(1);
        }
        for (String id : confirmed.subList(0, Math.min(confirmed.size(), 300))) {
            HttpResponse<String> outcome = houkatsuHttp.get("/api/v1/messages/" + id);
            assertThat(outcome.statusCode()).isEqualTo(200);
            assertThat(Messages.JSON.readTree(outcome.body()).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
    }

    private static Set<String> union(List<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
