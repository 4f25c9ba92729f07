package jp.jusou.hub.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one message body every scenario sends: the schemas' realistic 8050/hikikomori referral
 * (schemas/v1/examples/referral/8050-hikikomori.json, ~2 KB of UTF-8), compact, with a fresh
 * messageId, referralId and case per message. messageId stays the first field, so a receiver can
 * read it without parsing the body.
 *
 * <p>Identifiers use dots, not hyphens, between digit groups: the hub's 個人番号 detector treats
 * hyphen-separated digit groups that add up to 12 digits as a candidate My Number.
 */
final class ReferralBodies {

    static final String EXAMPLE = "schemas/v1/examples/referral/8050-hikikomori.json";
    /** Distinct cases (message groups) the messages are spread over. */
    static final int CASES = 64;
    private static final String ID_PREFIX = "{\"messageId\":\"";
    private static final String MID = "@@MID@@";
    private static final String RID = "@@RID@@";
    private static final String CASE = "@@CASE@@";
    private static final String LOCAL = "@@LOCAL@@";
    private static final String CONSENT = "@@CONSENT@@";
    static final String CONSENT_EXAMPLE = "schemas/v1/examples/consent/grant-written.json";

    private final String template;
    private final int exampleBytes;

    ReferralBodies() throws IOException {
        ObjectMapper json = new ObjectMapper();
        byte[] example;
        try (InputStream in = ReferralBodies.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IOException(EXAMPLE + " is not on the classpath (it comes with the routes jar)");
            }
            example = in.readAllBytes();
        }
        ObjectNode root = (ObjectNode) json.readTree(example);
        root.put("messageId", MID); // replaces in place: stays the first field
        root.put("sender", Benchmark.SENDER);
        ((ObjectNode) root.get("subject")).put("localId", LOCAL);
        ((ObjectNode) root.get("legalBasis")).put("consentId", CONSENT);
        ((ObjectNode) root.get("payload")).put("referralId", RID);
        // due a month from today: a respondBy in the past would make the hub send referral-overdue
        // notices during the run (extra work, and messages no scenario expects)
        ((ObjectNode) root.get("payload")).put("respondBy", today().plusDays(30).toString());
        root.put("caseId", CASE);
        this.template = json.writeValueAsString(root);
        if (!template.startsWith(ID_PREFIX + MID + "\"")) {
            throw new IllegalStateException("messageId is not the first field of " + EXAMPLE);
        }
        this.exampleBytes = example.length;
    }

    /**
     * The consent of the subject of case c (the example's written consent: the coordinator, 自立相談 and
     * 基幹相談 may receive identity, contact, household, summary and health, so the referral's finance
     * section is redacted for the coordinator: the benchmark pays for a real policy decision).
     */
    static String consentGrant(int c) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = ReferralBodies.class.getClassLoader().getResourceAsStream(CONSENT_EXAMPLE)) {
            if (in == null) {
                throw new IOException(CONSENT_EXAMPLE + " is not on the classpath");
            }
            ObjectNode root = (ObjectNode) json.readTree(in);
            root.put("messageId", "bench.consent." + c);
            root.put("sender", Benchmark.SENDER);
            ((ObjectNode) root.get("subject")).put("localId", "H-B-" + c);
            ((ObjectNode) root.get("payload")).put("consentId", "CN-B-" + c)
                    .put("validFrom", today().minusDays(1).toString())
                    .put("validUntil", today().plusYears(1).toString());
            return json.writeValueAsString(root);
        }
    }

    /** Today in Japan, the day the hub judges deadlines and consents on (the benchmark runs it on the system clock). */
    private static java.time.LocalDate today() {
        return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    }

    /** The case (0..CASES-1) of message number n; it names both caseId and the message group. */
    static int caseOf(int n) {
        return Math.floorMod(n, CASES);
    }

    static String caseId(int n) {
        return "C-B-" + caseOf(n);
    }

    /** JMSXGroupID as the hub itself derives it from a body with a caseId (HubMessage.groupIdOf). */
    static String groupId(int n) {
        return "case:" + caseId(n);
    }

    String body(String messageId, int n) {
        return template.replace(MID, messageId)
                .replace(RID, "R." + messageId)
                .replace(CASE, caseId(n))
                .replace(LOCAL, "H-B-" + caseOf(n))
                .replace(CONSENT, "CN-B-" + caseOf(n));
    }

    int bodyBytes(String messageId, int n) {
        return body(messageId, n).getBytes(StandardCharsets.UTF_8).length;
    }

    int exampleBytes() {
        return exampleBytes;
    }

    /** The messageId of a body this class made (or of any compact envelope with messageId first). */
    static String messageIdOf(String body) {
        if (body == null || !body.startsWith(ID_PREFIX)) {
            return null;
        }
        int end = body.indexOf('"', ID_PREFIX.length());
        return end < 0 ? null : body.substring(ID_PREFIX.length(), end);
    }
}
