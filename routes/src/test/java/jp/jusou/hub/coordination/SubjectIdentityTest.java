package jp.jusou.hub.coordination;

import static jp.jusou.hub.coordination.CoordinationStore.message;
import static jp.jusou.hub.coordination.CoordinationStore.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subject as the hub knows it: named, mapped from a local id, new, or the referral's. */
class SubjectIdentityTest {

    @TempDir
    static Path keyDir;

    static CoordinationStore shared;
    CoordinationStore store;
    SubjectIdentity identity;

    @BeforeEach
    void store() {
        if (shared == null) {
            shared = new CoordinationStore(keyDir);
        }
        store = shared.clear();
        identity = new SubjectIdentity(store.subjects, store.referrals);
    }

    static HubMessage referral(String sender, String subject) {
        return message(MessageType.REFERRAL, sender, "M-" + sender, "'subject': " + subject + ", 'payload': {'referralId': 'R-1'}");
    }

    static HubMessage withSubject(HubMessage message, String subject) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) message.tree()).set("subject", CoordinationStore.json(subject));
        return message;
    }

    @Test
    void theNamedIdWinsElseTheMappedOneElseANewOne() {
        HubMessage named = referral("omuta-houkatsu-1", "{'hubSubjectId': 'S-AAAA-BBBB'}");
        identity.resolve(named);
        assertThat(named.hubSubjectId()).isEqualTo("S-AAAA-BBBB");

        store.subjects.map("omuta-houkatsu-1", "L-7", "S-CCCC-DDDD");
        HubMessage mapped = referral("omuta-houkatsu-1", "{'localId': 'L-7'}");
        identity.resolve(mapped);
        assertThat(mapped.hubSubjectId()).isEqualTo("S-CCCC-DDDD");

        HubMessage fresh = referral("omuta-houkatsu-1", "{'localId': 'L-8'}");
        identity.resolve(fresh);
        assertThat(fresh.hubSubjectId()).matches("S-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}").isNotEqualTo("S-CCCC-DDDD");
    }

    @Test
    void onlyAReferralAConsentOrACaseUpdateGetsANewSubject() {
        HubMessage notice = message(MessageType.OUTREACH_NOTICE, "omuta-houkatsu-1", "M-N", "'subject': {'localId': 'L-9'}, 'payload': {}");
        identity.resolve(notice);
        assertThat(notice.hubSubjectId()).isNull();
        HubMessage update = message(MessageType.CASE_UPDATE, "omuta-takikan", "M-U", "'subject': {'localId': 'L-9'}, 'payload': {}");
        identity.resolve(update);
        assertThat(update.hubSubjectId()).isNotNull();
    }

    @Test
    void aLocalIdOfAnotherSubjectIsAMismatch() {
        store.subjects.map("omuta-houkatsu-1", "L-7", "S-CCCC-DDDD");
        HubMessage both = referral("omuta-houkatsu-1", "{'hubSubjectId': 'S-AAAA-BBBB', 'localId': 'L-7'}");
        assertThatThrownBy(() -> identity.resolve(both)).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.reasons().get(0).code()).isEqualTo(ReasonCode.SUBJECT_MISMATCH));
    }

    @Test
    void aStatusIsAboutItsReferralsSubject() {
        store.opened("R-1", "omuta-houkatsu-1", "omuta-jiritsu", "S-AAAA-BBBB");
        HubMessage silent = status("omuta-jiritsu", "M-S1", "R-1", "accepted", null);
        identity.resolve(silent);
        assertThat(silent.hubSubjectId()).isEqualTo("S-AAAA-BBBB");

        HubMessage other = withSubject(status("omuta-jiritsu", "M-S2", "R-1", "accepted", null), "{'hubSubjectId': 'S-CCCC-DDDD'}");
        assertThatThrownBy(() -> identity.resolve(other)).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.reasons().get(0).code()).isEqualTo(ReasonCode.SUBJECT_MISMATCH);
            assertThat(e.reasons().get(0).path()).isEqualTo("$.subject");
        });
        HubMessage unknown = status("omuta-jiritsu", "M-S3", "R-404", "accepted", null);
        assertThatThrownBy(() -> identity.resolve(unknown)).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.reasons().get(0).code()).isEqualTo(ReasonCode.UNKNOWN_REFERRAL));
    }

    @Test
    void acceptedMapsTheSendersLocalIdAndOnAcceptanceTheReceivers() {
        HubMessage fresh = referral("omuta-houkatsu-1", "{'localId': 'L-8'}");
        identity.resolve(fresh);
        identity.accepted(fresh);
        assertThat(store.subjects.find("omuta-houkatsu-1", "L-8")).contains(fresh.hubSubjectId());

        store.opened("R-1", "omuta-houkatsu-1", "omuta-jiritsu", fresh.hubSubjectId());
        HubMessage accepted = status("omuta-jiritsu", "M-S1", "R-1", "accepted", null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) accepted.payload()).put("receiverLocalId", "J-1");
        identity.resolve(accepted);
        identity.accepted(accepted);
        assertThat(store.subjects.find("omuta-jiritsu", "J-1")).contains(fresh.hubSubjectId());

        store.subjects.map("omuta-houkatsu-1", "L-9", "S-FIRS-TWIN");
        HubMessage later = referral("omuta-houkatsu-1", "{'hubSubjectId': 'S-SECO-NDXX', 'localId': 'L-10'}");
        later.hubSubjectId("S-SECO-NDXX");
        identity.accepted(later);
        assertThat(store.subjects.find("omuta-houkatsu-1", "L-9")).as("the first mapping wins").contains("S-FIRS-TWIN");
    }

    @Test
    void withoutASubjectNothingIsMapped() {
        HubMessage none = referral("omuta-houkatsu-1", "{'localId': 'L-11'}");
        identity.accepted(none);
        assertThat(store.subjects.find("omuta-houkatsu-1", "L-11")).isEmpty();
    }
}
