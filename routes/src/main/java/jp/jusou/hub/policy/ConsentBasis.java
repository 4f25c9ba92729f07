package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.jusou.hub.message.HubIssued;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * 本人同意: the consent exists, is this subject's, is not revoked and is in its validity period, and
 * names the message's purpose; each recipient must be one of its grantees, and the classes it names
 * are the most any recipient gets.
 */
@Component
class ConsentBasis implements LegalBasis {

    static final String KIND = "consent";

    /** The consent purpose each message type serves (a consent's {@code purposes} must name it). */
    static final Map<MessageType, String> PURPOSES = Map.of(
            MessageType.REFERRAL, "referral",
            MessageType.REFERRAL_STATUS, "referral",
            MessageType.CASE_UPDATE, "case-coordination");

    private static final String PATH = "$.legalBasis.consentId";

    private final Function<String, Optional<Consents.Consent>> consents;
    private final Clock clock;

    @Autowired
    ConsentBasis(Consents consents, Clock clock) {
        this(consents::find, clock);
    }

    ConsentBasis(Function<String, Optional<Consents.Consent>> consents, Clock clock) {
        this.consents = consents;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Permit permit(HubMessage message, JsonNode legalBasis) {
        Consents.Consent consent = consents.apply(legalBasis.path("consentId").asText()).orElse(null);
        Reason whole = problem(message, consent);
        if (whole != null) {
            throw new RejectedException(whole);
        }
        String purpose = PURPOSES.get(message.type());
        if (purpose != null && !consent.purposes().contains(purpose)) {
            throw new RejectedException(Reason.of(ReasonCode.CONSENT_SCOPE, PATH,
                    "同意の利用目的に含まれていません: " + purpose, "Not a purpose of the consent: " + purpose));
        }
        return new Permit(Set.copyOf(consent.dataClasses()), recipient -> consent.grantees().contains(recipient) ? null
                : Reason.of(ReasonCode.CONSENT_SCOPE, PATH, "同意の提供先に含まれていません: " + recipient,
                        "Not a grantee of the consent: " + recipient));
    }

    @Override
    public String reference(JsonNode legalBasis) {
        return legalBasis.path("consentId").asText(null);
    }

    /** Why a consent cannot cover this message at all, or null. */
    private Reason problem(HubMessage message, Consents.Consent consent) {
        if (consent == null || !subjectRefs(message).contains(consent.subjectRef())) {
            return Reason.of(ReasonCode.CONSENT_MISSING, PATH);
        }
        if (consent.revokedAt() != null) {
            return Reason.of(ReasonCode.CONSENT_REVOKED, PATH);
        }
        if (!consent.activeOn(LocalDate.now(clock.withZone(HubIssued.JST)))) {
            return Reason.of(ReasonCode.CONSENT_EXPIRED, PATH);
        }
        return null;
    }

    /** The subject as consents know it: the hub's id, which coordination resolved from either id. */
    static Set<String> subjectRefs(HubMessage message) {
        return message.hubSubjectId() == null ? Set.of() : Set.of(message.hubSubjectId());
    }
}
