package jp.jusou.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Test messages, made from the schemas' Japanese examples with a fresh messageId and moved to today
 * (on the hub's clock, {@link TestDates}), so that a test sends the same message on any day.
 */
public final class Messages {

    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The date and date-time fields of schemas/v1 that are points in a message's own time line: an
     * example's are all moved by the same number of days (MessagesTest checks that every date field of
     * the schemas is named here or in {@link #PERSONAL_DATES}).
     */
    public static final Set<String> TIME_LINE_DATES = Set.of("sentAt", "respondBy", "validFrom", "validUntil", "withdrawnAt",
            "date", "nextReview");

    /** Date fields that are facts about a person, not points in the message's time line: never moved. */
    public static final Set<String> PERSONAL_DATES = Set.of("birthDate");

    private Messages() {
    }

    /** An example with a fresh messageId, its dates moved so that it is sent today (see {@link #rebase}). */
    public static ObjectNode example(String path) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("schemas/v1/examples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + path);
            }
            ObjectNode node = (ObjectNode) JSON.readTree(in);
            node.put("messageId", UUID.randomUUID().toString());
            rebase(node, TestDates.today());
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves every time-line date of a message by the days between its sentAt date and {@code today},
     * so that it is sent today and its deadlines, validity periods and meetings keep their distance
     * from that day (a respondBy a week after sentAt stays a week ahead). Birth dates stay.
     */
    public static void rebase(ObjectNode message, LocalDate today) {
        String sentAt = message.path("sentAt").asText("");
        if (sentAt.isEmpty()) {
            return;
        }
        LocalDate sent;
        try {
            sent = OffsetDateTime.parse(sentAt).toLocalDate();
        } catch (DateTimeParseException notADate) {
            return; // an example of an invalid sentAt stays as it is
        }
        shift(message, ChronoUnit.DAYS.between(sent, today));
    }

    private static void shift(JsonNode node, long days) {
        if (node instanceof ObjectNode object) {
            Map<String, String> moved = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (TIME_LINE_DATES.contains(field.getKey()) && field.getValue().isTextual()) {
                    moved.put(field.getKey(), shifted(field.getValue().asText(), days));
                } else {
                    shift(field.getValue(), days);
                }
            }
            moved.forEach(object::put);
        } else if (node != null && node.isArray()) {
            node.forEach(element -> shift(element, days));
        }
    }

    private static String shifted(String value, long days) {
        try {
            return value.contains("T")
                    ? OffsetDateTime.parse(value).plusDays(days).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    : LocalDate.parse(value).plusDays(days).toString();
        } catch (DateTimeParseException notADate) {
            return value; // an example of an invalid value stays invalid
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
        // valid since before today and for years: tests that move the hub's clock on stay within it
        payload.put("validFrom", TestDates.today().minusMonths(1).toString());
        payload.put("validUntil", TestDates.today().plusYears(10).toString());
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
