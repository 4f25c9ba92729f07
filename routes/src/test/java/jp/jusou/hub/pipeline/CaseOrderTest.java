package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;

/**
 * Per-case order with several concurrent consumers (the test profile runs 4 per inbound queue):
 * many interleaved cases, each case's updates reach every recipient in the order they were sent,
 * because each case is one message group end to end.
 */
class CaseOrderTest extends HubTestSupport {

    @Test
    void updatesOfEachCaseArriveInOrder() {
        int cases = 12;
        int versions = 15;
        try (AgencyClient takikan = agency("omuta-takikan"); AgencyClient jiritsu = agency("omuta-jiritsu")) {
            for (int v = 1; v <= versions; v++) {
                for (int c = 0; c < cases; c++) {
                    String caseId = "C-ORDER-" + c;
                    takikan.send(Messages.text(Messages.caseUpdate(caseId, v, "omuta-jiritsu")), "case:" + caseId);
                }
            }
            Map<String, List<Integer>> seen = new HashMap<>();
            int expected = cases * versions;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int received = 0;
            while (received < expected && System.nanoTime() < deadline) {
                JsonNode update = jiritsu.receive(Duration.ofSeconds(5));
                if (update == null || !update.path("caseId").asText().startsWith("C-ORDER-")) {
                    continue;
                }
                seen.computeIfAbsent(update.path("caseId").asText(), k -> new ArrayList<>())
                        .add(update.at("/payload/planVersion").asInt());
                received++;
            }
            assertThat(received).isEqualTo(expected);
            for (int c = 0; c < cases; c++) {
                List<Integer> order = seen.get("C-ORDER-" + c);
                assertThat(order).as("case " + c).isSorted().hasSize(versions);
            }
        }
    }
}
