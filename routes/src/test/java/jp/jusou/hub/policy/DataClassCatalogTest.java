package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.policy.DataClassCatalog.Found;
import jp.jusou.hub.policy.DataClassCatalog.Mark;
import org.junit.jupiter.api.Test;

/** The data-class marks are read from the schemas, and every personal field carries one. */
class DataClassCatalogTest {

    static final DataClassCatalog CATALOG = new DataClassCatalog();
    static final Set<String> CLASSES = Set.of("identity", "contact", "household", "summary", "health", "disability",
            "criminal", "victim", "child-protection", "finance");

    @Test
    void referralMarksComeFromTheSchemas() {
        List<Mark> marks = CATALOG.marks(MessageType.REFERRAL);
        assertThat(marks).contains(
                new Mark("$.subject.localId", "identity", null),
                new Mark("$.payload.person.name", "identity", null),
                new Mark("$.payload.person.birthDate", "identity", null),
                new Mark("$.payload.person.address", "contact", null),
                new Mark("$.payload.person.phone", "contact", null),
                new Mark("$.payload.household", "household", null),
                new Mark("$.payload.summary", "summary", null),
                new Mark("$.payload.sensitive[*]", null, "dataClass"));
        assertThat(marks).noneMatch(m -> m.path().startsWith("$.payload.to") || m.path().startsWith("$.payload.urgency"));
    }

    @Test
    void everyMarkNamesAKnownDataClass() {
        for (MessageType type : MessageType.values()) {
            for (Mark mark : CATALOG.marks(type)) {
                assertThat(mark.dataClass() == null ? mark.classField() : mark.dataClass()).isNotNull();
                if (mark.dataClass() != null) {
                    assertThat(CLASSES).as(type + " " + mark.path()).contains(mark.dataClass());
                }
            }
        }
    }

    @Test
    void findsTheClassesAMessageHolds() throws Exception {
        JsonNode referral = new ObjectMapper().readTree(new File("../schemas/v1/examples/referral/8050-hikikomori.json"));
        List<Found> found = CATALOG.find(MessageType.REFERRAL, referral);
        assertThat(found).contains(
                new Found("$.payload.person.name", "identity"),
                new Found("$.payload.household", "household"),
                new Found("$.payload.sensitive[0]", "health"),
                new Found("$.payload.sensitive[1]", "finance"),
                new Found("$.subject.localId", "identity"));
        JsonNode update = new ObjectMapper().readTree(new File("../schemas/v1/examples/case-update/support-start-juso-kaigi.json"));
        assertThat(CATALOG.find(MessageType.CASE_UPDATE, update)).contains(
                new Found("$.payload.team[0].tasks", "summary"), new Found("$.payload.goals", "summary"));
    }

    /** Every value under person in a referral is covered by a mark: nothing personal is unmarked. */
    @Test
    void everyPersonFieldIsMarked() throws Exception {
        JsonNode referral = new ObjectMapper().readTree(new File("../schemas/v1/examples/referral/dv-address-confidential.json"));
        List<String> covered = CATALOG.find(MessageType.REFERRAL, referral).stream().map(Found::path).toList();
        List<String> leaves = new ArrayList<>();
        leaves(referral.at("/payload/person"), "$.payload.person", leaves);
        Set<String> control = Set.of("$.payload.person.addressConfidential");
        for (String leaf : leaves) {
            if (control.contains(leaf) || leaf.startsWith("$.payload.person.addressAllowedTo")) {
                continue; // disclosure controls, not facts about the person
            }
            assertThat(covered).as(leaf).anyMatch(c -> leaf.equals(c) || leaf.startsWith(c + ".") || leaf.startsWith(c + "["));
        }
    }

    private static void leaves(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                leaves(node.get(name), path + "." + name, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.add(path);
        }
    }
}
