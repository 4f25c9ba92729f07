package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.message.OutboundCopy;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * The hub's policy: for every recipient of every message, a decision driven by the envelope's
 * {@code legalBasis}, with redaction driven by the schemas' data-class marks. The engine orchestrates:
 * each kind of basis is a {@link LegalBasis} found in {@link LegalBases} ({@link ConsentBasis},
 * {@link MeetingBasis}, {@link VitalInterestBasis}, {@link NoBasis}), and {@link Redactor} makes each
 * recipient's copy.
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
class ConsentPolicyEngine implements PolicyEngine {

    private final AgencyDirectory directory;
    private final DataClassCatalog catalog;
    private final LegalBases bases;
    private final Consents consents;
    private final DisclosureLedger ledger;
    private final PolicyProperties policy;
    private final ObjectMapper json;
    private final Clock clock;

    ConsentPolicyEngine(AgencyDirectory directory, DataClassCatalog catalog, LegalBases bases, Consents consents,
                        DisclosureLedger ledger, PolicyProperties policy, ObjectMapper json, Clock clock) {
        this.directory = directory;
        this.catalog = catalog;
        this.bases = bases;
        this.consents = consents;
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
        LegalBasis.Permit permit = permit(message);
        List<DataClassCatalog.Found> found = catalog.find(message.type(), message.tree());
        JsonNode person = message.payload().path("person");
        boolean addressConfidential = person.path("addressConfidential").asBoolean(false);
        Set<String> addressAllowed = new HashSet<>();
        person.path("addressAllowedTo").forEach(a -> addressAllowed.add(a.asText()));
        String address = person.path("address").asText("");

        for (String recipient : message.recipients()) {
            Agency agency = directory.find(recipient).orElseThrow();
            Reason denied = permit.deny(recipient);
            if (denied != null) {
                message.notes().add(denied);
                continue;
            }
            Set<String> allowed = new HashSet<>(policy.classesFor(agency.kind()));
            allowed.retainAll(permit.classes());
            boolean hideAddress = addressConfidential && !addressAllowed.contains(recipient);
            Redactor.Redacted copy = Redactor.forRecipient(message.tree(), found, allowed, hideAddress);
            if (hideAddress && !address.isBlank() && Redactor.containsText(copy.tree(), address)) {
                message.notes().add(Reason.of(ReasonCode.CONFIDENTIAL_ADDRESS, null, "宛先: " + recipient, "Recipient: " + recipient));
                continue;
            }
            message.copies().add(new OutboundCopy(recipient, copy.changed() ? write(copy.tree()) : message.text(),
                    copy.disclosed(), copy.redactions()));
        }
        if (message.copies().isEmpty() && !message.recipients().isEmpty()) {
            throw new RejectedException(message.notes());
        }
    }

    /** An unknown agency, or one across the municipality boundary (unless policy allows crossing it). */
    private Optional<Reason> boundaryProblem(Agency from, String to, String path, String labelJa, String labelEn) {
        Agency agency = directory.find(to).orElse(null);
        if (agency == null) {
            return Optional.of(Reason.of(ReasonCode.UNKNOWN_AGENCY, path, labelJa + ": " + to, labelEn + ": " + to));
        }
        if (!policy.crossMunicipality() && !agency.municipality().equals(from.municipality())) {
            return Optional.of(Reason.of(ReasonCode.OTHER_MUNICIPALITY, path, labelJa + ": " + to, labelEn + ": " + to));
        }
        return Optional.empty();
    }

    /** What the message's legal basis allows (its own checks passed), after the rule a message type adds. */
    private LegalBasis.Permit permit(HubMessage message) {
        JsonNode legalBasis = message.tree().path("legalBasis");
        if (message.type() == MessageType.OUTREACH_NOTICE && !MeetingBasis.KIND.equals(LegalBases.kindOf(legalBasis))) {
            throw new RejectedException(Reason.of(ReasonCode.NOT_MEETING_MEMBER, "$.legalBasis.kind",
                    "見守り・気づきの情報は支援会議の中でのみ共有できます。", "An outreach notice may only be shared within a 支援会議."));
        }
        return bases.of(legalBasis).permit(message, legalBasis);
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
                    || !ConsentBasis.subjectRefs(message).contains(existing.subjectRef()))) {
                reasons.add(Reason.of(ReasonCode.CONSENT_CONFLICT, "$.payload.consentId"));
            }
            if (!reasons.isEmpty()) {
                throw new RejectedException(reasons);
            }
            return; // registered in accepted(), with the outcome
        }
        if (existing == null || !ConsentBasis.subjectRefs(message).contains(existing.subjectRef())) {
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

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
