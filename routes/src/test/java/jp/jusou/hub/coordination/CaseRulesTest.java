package jp.jusou.hub.coordination;

import static jp.jusou.hub.coordination.CoordinationStore.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Case rules on a case store of their own: the coordinator, plan versions, closed cases, redeliveries. */
class CaseRulesTest {

    static final Set<String> COORDINATORS = Set.of("omuta-takikan", "omuta-takikan-2");

    @TempDir
    static Path keyDir;

    static CoordinationStore shared;
    CoordinationStore store;
    CaseRules rules;

    @BeforeEach
    void store() {
        if (shared == null) {
            shared = new CoordinationStore(keyDir);
        }
        store = shared.clear();
        rules = new CaseRules(store.cases, COORDINATORS::contains);
    }

    static HubMessage update(String sender, String messageId, int planVersion, String decision) {
        return message(MessageType.CASE_UPDATE, sender, messageId, "'caseId': 'C-1', 'payload': {'planVersion': " + planVersion
                + ", 'decision': '" + decision + "', 'team': [{'agency': 'omuta-takikan'}, {'agency': 'omuta-jiritsu'}]}");
    }

    static HubMessage referralOnCase() {
        return message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-R", "'caseId': 'C-1', 'payload': {'to': 'omuta-jiritsu'}");
    }

    /** Checked, then recorded as the pipeline does once it is accepted. */
    void accept(HubMessage message) {
        rules.check(message);
        rules.accepted(message);
    }

    static void assertRejected(Runnable check, ReasonCode code, String path) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reasons()).extracting(r -> r.code()).containsExactly(code);
            assertThat(e.reasons().get(0).path()).isEqualTo(path);
        });
    }

    @Test
    void theFirstUpdateOpensTheCaseWithItsSenderAsCoordinator() {
        accept(update("omuta-takikan", "M-1", 1, "plan"));
        Cases.CoordinatedCase opened = store.cases.find("402028", "C-1").orElseThrow();
        assertThat(opened.coordinator()).isEqualTo("omuta-takikan");
        assertThat(opened.planVersion()).isEqualTo(1);
        assertThat(opened.team()).containsExactly("omuta-takikan", "omuta-jiritsu");
        assertThat(opened.closed()).isFalse();
    }

    @Test
    void onlyACoordinatorIssuesUpdatesAndOnlyTheCasesOwn() {
        assertRejected(() -> rules.check(update("omuta-houkatsu-1", "M-1", 1, "plan")), ReasonCode.NOT_COORDINATOR, "$.sender");
        accept(update("omuta-takikan", "M-1", 1, "plan"));
        assertRejected(() -> rules.check(update("omuta-takikan-2", "M-2", 2, "plan")), ReasonCode.NOT_COORDINATOR, "$.caseId");
    }

    @Test
    void planVersionsOnlyIncrease() {
        accept(update("omuta-takikan", "M-1", 1, "plan"));
        accept(update("omuta-takikan", "M-2", 3, "plan"));
        assertRejected(() -> rules.check(update("omuta-takikan", "M-3", 3, "plan")), ReasonCode.STALE_PLAN_VERSION,
                "$.payload.planVersion");
        assertRejected(() -> rules.check(update("omuta-takikan", "M-3", 2, "plan")), ReasonCode.STALE_PLAN_VERSION,
                "$.payload.planVersion");
        assertThat(store.cases.find("402028", "C-1").orElseThrow().planVersion()).isEqualTo(3);
    }

    @Test
    void theRedeliveryOfAnAppliedUpdatePassesAndChangesNothing() {
        HubMessage first = update("omuta-takikan", "M-1", 1, "plan");
        accept(first);
        accept(update("omuta-takikan", "M-1", 1, "plan"));
        assertThat(store.jdbc.queryForObject("SELECT COUNT(*) FROM coordinated_case", Integer.class)).isEqualTo(1);
        assertThat(store.cases.find("402028", "C-1").orElseThrow().lastMessageId()).isEqualTo("M-1");
    }

    @Test
    void aClosedCaseTakesNothingUntilItsCoordinatorReopensIt() {
        accept(update("omuta-takikan", "M-1", 1, "plan"));
        rules.check(referralOnCase());
        accept(update("omuta-takikan", "M-2", 2, "closure"));
        assertThat(store.cases.find("402028", "C-1").orElseThrow().closed()).isTrue();
        assertRejected(() -> rules.check(referralOnCase()), ReasonCode.CASE_CLOSED, "$.caseId");
        assertRejected(() -> rules.check(update("omuta-takikan", "M-3", 3, "closure")), ReasonCode.CASE_CLOSED, "$.caseId");
        accept(update("omuta-takikan", "M-4", 3, "plan"));
        rules.check(referralOnCase());
        assertThat(store.cases.find("402028", "C-1").orElseThrow().closed()).isFalse();
    }

    @Test
    void messagesWithoutACaseAndOtherTypesAreLeftAlone() {
        rules.check(message(MessageType.REFERRAL, "omuta-houkatsu-1", "M-R", "'payload': {'to': 'omuta-jiritsu'}"));
        rules.check(referralOnCase()); // a case the hub does not know yet
        rules.accepted(referralOnCase());
        assertThat(store.cases.find("402028", "C-1")).isEmpty();
    }
}
