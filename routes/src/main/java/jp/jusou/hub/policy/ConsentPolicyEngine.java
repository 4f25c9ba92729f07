package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jusou.hub.connectors.Agency;
import jp.jusou.hub.connectors.AgencyDirectory;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.message.OutboundCopy;
import jp.jusou.hub.message.OutboundCopy.Redaction;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * The hub's policy: for every recipient of every message, a decision driven by the envelope's
 * {@code legalBasis}, with redaction driven by the schemas' data-class marks.
 * <ul>
 *   <li>everywhere: no 個人番号; recipients are known agencies of the sender's municipality (unless
 *       {@code hub.policy.cross-municipality}); a recipient never gets a class its kind may not receive;</li>
 *   <li>{@code consent}: the consent exists, is this subject's, is not revoked and is in its validity
 *       period, names the message's purpose (referral, case-coordination) and the recipient; classes
 *       outside it are redacted for that recipient;</li>
 *   <li>{@code shien-kaigi}: the meeting is registered and the sender and the recipient are members;</li>
 *   <li>{@code vital-interest}: a written justification of real length; special-care classes are redacted;</li>
 *   <li>no basis (statuses between the parties of a referral): special-care classes are redacted;</li>
 *   <li>special-care classes need a consent naming them or a 支援会議 the recipient sits in;</li>
 *   <li>a confidential address (DV等支援措置) is removed for everyone not in {@code addressAllowedTo},
 *       with phone and every other contact field, and a recipient who would see the address in
 *       free text gets nothing.</li>
 * </ul>
 * If no recipient may receive anything the message is rejected with every recipient's reason.
 */
@Component
public class ConsentPolicyEngine implements PolicyEngine {

    private static final ZoneId JST = HubIssued.JST;

    /** The consent purpose each message type serves (a consent's {@code purposes} must name it). */
    static final Map<MessageType, String> PURPOSES = Map.of(
            MessageType.REFERRAL, "referral",
            MessageType.REFERRAL_STATUS, "referral",
            MessageType.CASE_UPDATE, "case-coordination");

    private final AgencyDirectory directory;
    private final DataClassCatalog catalog;
    private final Consents consents;
    private final Meetings meetings;
    private final DisclosureLedger ledger;
    private final PolicyProperties policy;
    private final ObjectMapper json;
    private final Clock clock;

    public ConsentPolicyEngine(AgencyDirectory directory, DataClassCatalog catalog, Consents consents, Meetings meetings,
                               DisclosureLedger ledger, PolicyProperties policy, ObjectMapper json, Clock clock) {
        this.directory = directory;
        this.catalog = catalog;
        this.consents = consents;
        this.meetings = meetings;
        this.ledger = ledger;
        this.policy = policy;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void decide(HubMessage message) {
        List<Reason> reasons = new ArrayList<>();
        for (String path : MyNumberDetector.findInJson(message.tree())) {
            reasons.add(Reason.of(ReasonCode.MY_NUMBER_DETECTED, path));
        }
        Agency sender = directory.find(message.sender()).orElseThrow();
        for (String recipient : message.recipients()) {
            boundaryProblem(sender, recipient, null, "宛先", "Recipient").ifPresent(reasons::add);
        }
        if (!reasons.isEmpty()) {
            throw new RejectedException(reasons);
        }
        if (message.type() == MessageType.CONSENT) {
            decideConsentMessage(message, sender);
            return;
        }
        Basis basis = basis(message);
        List<DataClassCatalog.Found> found = catalog.find(message.type(), message.tree());
        JsonNode person = message.payload().path("person");
        boolean addressConfidential = person.path("addressConfidential").asBoolean(false);
        Set<String> addressAllowed = new HashSet<>();
        person.path("addressAllowedTo").forEach(a -> addressAllowed.add(a.asText()));
        String address = person.path("address").asText("");

        for (String recipient : message.recipients()) {
            Agency agency = directory.find(recipient).orElseThrow();
            Reason denied = basis.deny(recipient);
            if (denied != null) {
                message.notes().add(denied);
                continue;
            }
            Set<String> allowed = new HashSet<>(policy.classesFor(agency.kind()));
            allowed.retainAll(basis.classes());
            boolean hideAddress = addressConfidential && !addressAllowed.contains(recipient);
            List<DataClassCatalog.Found> removed = new ArrayList<>();
            List<String> disclosed = new ArrayList<>();
            for (DataClassCatalog.Found f : found) {
                boolean hiddenContact = hideAddress && "contact".equals(f.dataClass());
                if (!allowed.contains(f.dataClass()) || hiddenContact) {
                    removed.add(f);
                } else if (!disclosed.contains(f.dataClass())) {
                    disclosed.add(f.dataClass());
                }
            }
            JsonNode copy = removed.isEmpty() ? message.tree() : redact(message.tree(), removed);
            if (hideAddress && !address.isBlank() && containsText(copy, address)) {
                message.notes().add(Reason.of(ReasonCode.CONFIDENTIAL_ADDRESS, null, "宛先: " + recipient, "Recipient: " + recipient));
                continue;
            }
            disclosed.sort(null);
            message.copies().add(new OutboundCopy(recipient, removed.isEmpty() ? message.text() : write(copy), disclosed,
                    removed.stream().map(f -> new Redaction(f.dataClass(), f.path())).toList()));
        }
        if (message.copies().isEmpty() && !message.recipients().isEmpty()) {
            throw new RejectedException(message.notes());
        }
    }

    /** An unknown agency, or one across the municipality boundary (unless policy allows crossing it). */
    private java.util.Optional<Reason> boundaryProblem(Agency from, String to, String path, String labelJa, String labelEn) {
        Agency agency = directory.find(to).orElse(null);
        if (agency == null) {
            return java.util.Optional.of(Reason.of(ReasonCode.UNKNOWN_AGENCY, path, labelJa + ": " + to, labelEn + ": " + to));
        }
        if (!policy.crossMunicipality() && !agency.municipality().equals(from.municipality())) {
            return java.util.Optional.of(Reason.of(ReasonCode.OTHER_MUNICIPALITY, path, labelJa + ": " + to, labelEn + ": " + to));
        }
        return java.util.Optional.empty();
    }

    /** What the legal basis of a message allows: who may receive it, and which classes at most. */
    private interface Basis {
        Reason deny(String recipient);

        Set<String> classes();
    }

    private static final Set<String> ALL = Set.of("identity", "contact", "household", "summary", "health", "disability",
            "criminal", "victim", "child-protection", "finance");

    private static Set<String> nonSpecial() {
        Set<String> classes = new HashSet<>(ALL);
        classes.removeAll(PolicyProperties.SPECIAL_CARE);
        return classes;
    }

    private Basis basis(HubMessage message) {
        JsonNode legalBasis = message.tree().path("legalBasis");
        String kind = legalBasis.path("kind").asText("");
        if (message.type() == MessageType.OUTREACH_NOTICE && !"shien-kaigi".equals(kind)) {
            throw new RejectedException(Reason.of(ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.kind",
                    "見守り・気づきの情報は支援会議の中でのみ共有できます。", "An outreach notice may only be shared within a 支援会議."));
        }
        switch (kind) {
            case "consent" -> {
                Consents.Consent consent = consents.find(legalBasis.path("consentId").asText()).orElse(null);
                Reason whole = consentProblem(message, consent);
                if (whole != null) {
                    throw new RejectedException(whole);
                }
                String purpose = PURPOSES.get(message.type());
                if (purpose != null && !consent.purposes().contains(purpose)) {
                    throw new RejectedException(Reason.of(ReasonCode.CONSENT_SCOPE, "$.legalBasis.consentId",
                            "同意の利用目的に含まれていません: " + purpose, "Not a purpose of the consent: " + purpose));
                }
                Set<String> classes = new HashSet<>(consent.dataClasses());
                return new Basis() {
                    public Reason deny(String recipient) {
                        return consent.grantees().contains(recipient) ? null : Reason.of(ReasonCode.CONSENT_SCOPE, "$.legalBasis.consentId",
                                "同意の提供先に含まれていません: " + recipient, "Not a grantee of the consent: " + recipient);
                    }

                    public Set<String> classes() {
                        return classes;
                    }
                };
            }
            case "shien-kaigi" -> {
                Meetings.Meeting meeting = meetings.find(legalBasis.path("meetingId").asText()).orElse(null);
                if (meeting == null || !"shien-kaigi".equals(meeting.type()) || !meeting.members().contains(message.sender())) {
                    throw new RejectedException(Reason.of(ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.meetingId",
                            meeting == null ? "登録された支援会議がありません。" : "送信元が構成員ではありません。",
                            meeting == null ? "No such registered meeting." : "The sender is not a member."));
                }
                return new Basis() {
                    public Reason deny(String recipient) {
                        return meeting.members().contains(recipient) ? null : Reason.of(ReasonCode.NOT_MEETING_MEMBER,
                                "$.legalBasis.meetingId", "宛先: " + recipient, "Recipient: " + recipient);
                    }

                    public Set<String> classes() {
                        return ALL;
                    }
                };
            }
            case "vital-interest" -> {
                String justification = legalBasis.path("justification").asText("").strip();
                if (justification.codePointCount(0, justification.length()) < policy.vitalInterestMinJustification()) {
                    throw new RejectedException(Reason.of(ReasonCode.VITAL_INTEREST_UNJUSTIFIED, "$.legalBasis.justification",
                            policy.vitalInterestMinJustification() + "文字以上の具体的な理由が必要です。",
                            "At least " + policy.vitalInterestMinJustification() + " characters of justification are needed."));
                }
                return fixed(nonSpecial());
            }
            default -> {
                return fixed(nonSpecial());
            }
        }
    }

    private static Basis fixed(Set<String> classes) {
        return new Basis() {
            public Reason deny(String recipient) {
                return null;
            }

            public Set<String> classes() {
                return classes;
            }
        };
    }

    /** Why a consent cannot cover this message at all, or null. */
    private Reason consentProblem(HubMessage message, Consents.Consent consent) {
        if (consent == null || !subjectRefs(message).contains(consent.subjectRef())) {
            return Reason.of(ReasonCode.CONSENT_MISSING, "$.legalBasis.consentId");
        }
        if (consent.revokedAt() != null) {
            return Reason.of(ReasonCode.CONSENT_REVOKED, "$.legalBasis.consentId");
        }
        if (!consent.activeOn(LocalDate.now(clock.withZone(JST)))) {
            return Reason.of(ReasonCode.CONSENT_EXPIRED, "$.legalBasis.consentId");
        }
        return null;
    }

    /** The subject as consents know it: the hub's id, which coordination resolved from either id. */
    static Set<String> subjectRefs(HubMessage message) {
        return message.hubSubjectId() == null ? Set.of() : Set.of(message.hubSubjectId());
    }

    // --- consent messages: grant and revoke

    private void decideConsentMessage(HubMessage message, Agency sender) {
        JsonNode payload = message.payload();
        String consentId = payload.path("consentId").asText();
        Consents.Consent existing = consents.find(consentId).orElse(null);
        if ("grant".equals(payload.path("action").asText())) {
            List<Reason> reasons = new ArrayList<>();
            for (JsonNode grantee : payload.path("grantees")) {
                boundaryProblem(sender, grantee.asText(), "$.payload.grantees", "提供先", "Grantee").ifPresent(reasons::add);
            }
            if (payload.hasNonNull("validUntil")
                    && LocalDate.parse(payload.path("validUntil").asText()).isBefore(LocalDate.parse(payload.path("validFrom").asText()))) {
                reasons.add(Reason.of(ReasonCode.SCHEMA_VIOLATION, "$.payload.validUntil", "有効期限が開始日より前です。", "validUntil is before validFrom."));
            }
            if (existing != null && (!existing.registeredBy().equals(message.sender())
                    || !subjectRefs(message).contains(existing.subjectRef()))) {
                reasons.add(Reason.of(ReasonCode.CONSENT_CONFLICT, "$.payload.consentId"));
            }
            if (!reasons.isEmpty()) {
                throw new RejectedException(reasons);
            }
            return; // registered in accepted(), with the outcome
        }
        if (existing == null || !subjectRefs(message).contains(existing.subjectRef())) {
            throw new RejectedException(Reason.of(ReasonCode.CONSENT_MISSING, "$.payload.consentId"));
        }
        if (!existing.registeredBy().equals(message.sender()) && !existing.grantees().contains(message.sender())) {
            throw new RejectedException(Reason.of(ReasonCode.CONSENT_SCOPE, "$.payload.consentId",
                    "同意を登録した機関か提供先だけが撤回を伝えられます。", "Only the registering agency or a grantee may pass on a revocation."));
        }
        // everyone who received data under the consent is told to stop using it
        for (String grantee : ledger.recipientsUnder(consentId)) {
            if (!grantee.equals(message.sender())) {
                message.copies().add(new OutboundCopy(grantee, withdrawn(sender.municipality(), consentId), List.of(), List.of()));
            }
        }
    }

    private String withdrawn(String municipality, String consentId) {
        ObjectNode envelope = HubIssued.envelope(MessageType.CONSENT_WITHDRAWN, municipality, clock);
        ObjectNode payload = envelope.putObject("payload");
        payload.put("consentId", consentId);
        payload.put("withdrawnAt", envelope.get("sentAt").asText());
        ObjectNode text = payload.putObject("message");
        text.put("ja", "本人が同意を撤回しました。この同意に基づいて受け取った情報の利用を停止してください。");
        text.put("en", "The person withdrew this consent. Stop using what you received under it.");
        return write(envelope);
    }

    @Override
    public void accepted(HubMessage message) {
        if (message.type() != MessageType.CONSENT) {
            return;
        }
        JsonNode payload = message.payload();
        if ("grant".equals(payload.path("action").asText())) {
            consents.grant(message.municipality(), message.sender(), message.hubSubjectId(), payload);
        } else {
            consents.revoke(payload.path("consentId").asText(), message.sender());
        }
    }

    // --- redaction

    /** A copy of the message without the given values (object fields removed, array elements dropped). */
    private static JsonNode redact(JsonNode tree, List<DataClassCatalog.Found> removed) {
        JsonNode copy = tree.deepCopy();
        Map<JsonNode, List<Integer>> arrayRemovals = new IdentityHashMap<>();
        List<Object[]> fieldRemovals = new ArrayList<>();
        for (DataClassCatalog.Found f : removed) {
            List<Object> tokens = tokens(f.path());
            JsonNode parent = copy;
            for (int i = 0; i < tokens.size() - 1 && parent != null; i++) {
                Object t = tokens.get(i);
                parent = t instanceof Integer index ? parent.get(index) : parent.get((String) t);
            }
            Object last = tokens.get(tokens.size() - 1);
            if (parent instanceof ObjectNode object && last instanceof String field) {
                fieldRemovals.add(new Object[] {object, field});
            } else if (parent instanceof ArrayNode array && last instanceof Integer index) {
                arrayRemovals.computeIfAbsent(array, k -> new ArrayList<>()).add(index);
            }
        }
        fieldRemovals.forEach(r -> ((ObjectNode) r[0]).remove((String) r[1]));
        arrayRemovals.forEach((array, indexes) -> indexes.stream().distinct().sorted((a, b) -> b - a)
                .forEach(i -> ((ArrayNode) array).remove(i)));
        return copy;
    }

    /** "$.payload.sensitive[1].text" → [payload, sensitive, 1, text]. */
    static List<Object> tokens(String path) {
        List<Object> tokens = new ArrayList<>();
        int i = 1; // after "$"
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                tokens.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                tokens.add(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("not a path: " + path);
            }
        }
        return tokens;
    }

    private static boolean containsText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (containsText(child, text)) {
                return true;
            }
        }
        return false;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
