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

    /** The consent every test agency registers for its subject H-0042 (HubTestSupport does it). */
    public static String testConsentId(String agency) {
        return "CN-T-" + agency;
    }

    /** A consent grant by an agency for its subject H-0042: every demo agency of 大牟田市, every data class. */
    public static ObjectNode testConsent(String agency) {
        ObjectNode consent = example("consent/grant-written.json");
        consent.put("sender", agency);
        consent.putObject("subject").put("localId", "H-0042");
        ObjectNode payload = payload(consent);
        payload.put("consentId", testConsentId(agency));
        var grantees = payload.putArray("grantees");
        for (String a : new String[] {"omuta-houkatsu-1", "omuta-houkatsu-2", "omuta-jiritsu", "omuta-shogai", "omuta-kodomo", "omuta-takikan"}) {
            grantees.add(a);
        }
        var classes = payload.putArray("dataClasses");
        for (String c : new String[] {"identity", "contact", "household", "summary", "health", "disability", "criminal", "victim",
                "child-protection", "finance"}) {
            classes.add(c);
        }
        payload.put("validFrom", "2026-01-01");
        payload.put("validUntil", "2099-12-31");
        return consent;
    }

    /** A referral (the 8050 household example) from one agency to another, with a fresh referral id. */
    public static ObjectNode referral(String from, String to) {
        ObjectNode referral = example("referral/8050-hikikomori.json");
        referral.put("sender", from);
        referral.putObject("legalBasis").put("kind", "consent").put("consentId", testConsentId(from));
        ((ObjectNode) referral.get("payload")).put("to", to);
        ((ObjectNode) referral.get("payload")).put("referralId", "R-" + UUID.randomUUID());
        return referral;
    }

    /** A case update from the coordinator with the given team members (besides the coordinator). */
    public static ObjectNode caseUpdate(String caseId, int planVersion, String... members) {
        ObjectNode update = example("case-update/support-start-juso-kaigi.json");
        update.put("caseId", caseId);
        update.putObject("subject").put("localId", "H-0042");
        update.putObject("legalBasis").put("kind", "consent").put("consentId", testConsentId("omuta-takikan"));
        ((ObjectNode) update.get("payload")).put("planVersion", planVersion);
        var team = ((ObjectNode) update.get("payload")).putArray("team");
        team.addObject().put("agency", "omuta-takikan").put("role", "lead");
        for (String member : members) {
            team.addObject().put("agency", member).put("role", "support");
        }
        return update;
    }

    /** An "accepted" referral-status between the parties of a referral (no legal basis of its own). */
    public static ObjectNode referralStatus(String from, String referralId) {
        ObjectNode status = example("referral-status/accepted.json");
        status.put("sender", from);
        status.remove("legalBasis");
        status.putObject("subject").put("localId", "TK-" + referralId); // the receiver's own local id
        payload(status).put("referralId", referralId);
        payload(status).put("receiverLocalId", "TK-" + referralId);
        return status;
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
