package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Case rules: only the coordinator (多機関協働, agency kind {@code takikan}) issues case updates, a
 * case keeps the coordinator that opened it, plan versions only increase, and a closed case takes no
 * message until its coordinator reopens it with a newer plan that does not close it.
 */
@Component
public class CaseRules {

    private final Cases cases;
    private final Predicate<String> coordinator;

    @Autowired
    public CaseRules(Cases cases, AgencyDirectory directory) {
        this(cases, agency -> directory.find(agency).map(a -> "takikan".equals(a.kind())).orElse(false));
    }

    /** @param coordinator whether an agency is a coordinator (of kind {@code takikan}) */
    CaseRules(Cases cases, Predicate<String> coordinator) {
        this.cases = cases;
        this.coordinator = coordinator;
    }

    /** Rejects a message the case it names may not take now. */
    public void check(HubMessage message) {
        String caseId = message.tree().path("caseId").asText("");
        boolean update = message.type() == MessageType.CASE_UPDATE;
        if (update && !coordinator.test(message.sender())) {
            throw new RejectedException(Reason.of(ReasonCode.NOT_COORDINATOR, "$.sender"));
        }
        if (caseId.isEmpty()) {
            return;
        }
        Cases.CoordinatedCase current = cases.find(message.municipality(), caseId).orElse(null);
        if (current == null) {
            return; // a new case: its sender becomes its coordinator
        }
        if (update && !current.coordinator().equals(message.sender())) {
            // a case has one coordinator, fixed when it was opened: another takikan cannot re-plan or close it
            throw new RejectedException(Reason.of(ReasonCode.NOT_COORDINATOR, "$.caseId",
                    "このケースの調整は別の機関が担当しています。", "Another agency coordinates this case."));
        }
        if (update && message.messageId().equals(current.lastMessageId())) {
            return; // a redelivery of the update an interrupted attempt already applied
        }
        if (!update) {
            if (current.closed()) {
                throw new RejectedException(Reason.of(ReasonCode.CASE_CLOSED, "$.caseId"));
            }
            return;
        }
        int planVersion = message.payload().path("planVersion").asInt();
        if (planVersion <= current.planVersion()) {
            throw new RejectedException(Reason.of(ReasonCode.STALE_PLAN_VERSION, "$.payload.planVersion",
                    "現在の版: " + current.planVersion(), "Current version: " + current.planVersion()));
        }
        if (current.closed() && "closure".equals(message.payload().path("decision").asText())) {
            throw new RejectedException(Reason.of(ReasonCode.CASE_CLOSED, "$.caseId"));
        }
    }

    /**
     * Records an accepted case update as the case's plan (a new case, or its next plan); runs in the
     * outcome's database transaction. The redelivery of an update already applied changes nothing.
     */
    @Transactional
    public void accepted(HubMessage message) {
        if (message.type() != MessageType.CASE_UPDATE) {
            return;
        }
        JsonNode payload = message.payload();
        String caseId = message.tree().path("caseId").asText();
        Cases.CoordinatedCase current = cases.find(message.municipality(), caseId).orElse(null);
        if (current != null && message.messageId().equals(current.lastMessageId())) {
            return;
        }
        List<String> team = new ArrayList<>();
        payload.path("team").forEach(m -> team.add(m.path("agency").asText()));
        cases.apply(message.municipality(), caseId, payload.path("planVersion").asInt(),
                "closure".equals(payload.path("decision").asText()), team, message.sender(), message.messageId(), message.text(),
                message.hubSubjectId());
    }
}
