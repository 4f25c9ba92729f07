package jp.jusou.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Test messages, made from the schemas' Japanese examples with a fresh messageId. */
public final class Messages {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    public static ObjectNode example(String path) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("schemas/v1/examples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + path);
            }
            ObjectNode node = (ObjectNode) JSON.readTree(in);
            node.put("messageId", UUID.randomUUID().toString());
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A referral (the 8050 household example) from one agency to another, with a fresh referral id. */
    public static ObjectNode referral(String from, String to) {
        ObjectNode referral = example("referral/8050-hikikomori.json");
        referral.put("sender", from);
        ((ObjectNode) referral.get("payload")).put("to", to);
        ((ObjectNode) referral.get("payload")).put("referralId", "R-" + UUID.randomUUID());
        return referral;
    }

    /** A case update from the coordinator with the given team members (besides the coordinator). */
    public static ObjectNode caseUpdate(String caseId, int planVersion, String... members) {
        ObjectNode update = example("case-update/support-start-juso-kaigi.json");
        update.put("caseId", caseId);
        ((ObjectNode) update.get("payload")).put("planVersion", planVersion);
        var team = ((ObjectNode) update.get("payload")).putArray("team");
        team.addObject().put("agency", "omuta-takikan").put("role", "lead");
        for (String member : members) {
            team.addObject().put("agency", member).put("role", "support");
        }
        return update;
    }

    public static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode payload(JsonNode message) {
        return (ObjectNode) message.get("payload");
    }
}
