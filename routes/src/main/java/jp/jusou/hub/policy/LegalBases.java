package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/** The legal bases the hub knows, by kind: every {@link LegalBasis} bean, one per kind. */
@Component
class LegalBases {

    /** The kind of a message that cites no basis (statuses between the parties of a referral). */
    static final String NONE = "";

    private final Map<String, LegalBasis> byKind = new HashMap<>();

    LegalBases(List<LegalBasis> bases) {
        for (LegalBasis basis : bases) {
            LegalBasis earlier = byKind.put(basis.kind(), basis);
            if (earlier != null) {
                throw new IllegalStateException("two legal bases of kind '" + basis.kind() + "': "
                        + earlier.getClass().getSimpleName() + ", " + basis.getClass().getSimpleName());
            }
        }
        if (!byKind.containsKey(NONE)) {
            throw new IllegalStateException("no legal basis for messages that cite none");
        }
    }

    /** The kind an envelope's {@code legalBasis} names ({@link #NONE} when it names none). */
    static String kindOf(JsonNode legalBasis) {
        return legalBasis.path("kind").asText(NONE);
    }

    /** The basis of this kind, if the hub knows it. */
    Optional<LegalBasis> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /**
     * The basis an envelope's {@code legalBasis} names. A kind the hub has no rule for is refused as the
     * schema refuses it (its closed list of kinds), never treated as some other basis; the sender's
     * value is not echoed.
     */
    LegalBasis of(JsonNode legalBasis) {
        return find(kindOf(legalBasis)).orElseThrow(() -> new RejectedException(Reason.of(ReasonCode.SCHEMA_VIOLATION,
                "$.legalBasis.kind", "この種類の提供の根拠は扱えません。", "The hub has no rule for this kind of legal basis.")));
    }
}
