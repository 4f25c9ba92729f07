package jp.jusou.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The consent schema's closed list of purposes is exactly the purposes the policy matches messages
 * against: a purpose only in the schema would register consents that never cover anything, one only
 * in the policy could never be granted.
 */
class ConsentPurposesTest {

    @Test
    void theSchemaListsExactlyThePurposesThePolicyActsOn() throws Exception {
        JsonNode purpose = new ObjectMapper().readTree(new File("../schemas/v1/consent.schema.json")).at("/$defs/purpose");
        Set<String> inSchema = new HashSet<>();
        purpose.path("enum").forEach(code -> inSchema.add(code.asText()));
        assertThat(inSchema).isEqualTo(new HashSet<>(ConsentBasis.PURPOSES.values()));
        Set<String> labelled = new HashSet<>();
        purpose.path("x-labels").fieldNames().forEachRemaining(labelled::add);
        assertThat(labelled).as("each purpose has its Japanese label").isEqualTo(inSchema);
    }
}
