package jp.jusou.hub.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;

/**
 * One kind of legal basis a message may cite ({@code legalBasis.kind} of the envelope): its checks,
 * whom it lets receive the message and which data classes at most, and what the disclosure ledger
 * records about it. One Spring bean per kind, found by {@link LegalBases}; a new basis is a new
 * implementation (and its branch in the envelope schema), with no change to the engine or the ledger.
 */
interface LegalBasis {

    /** The {@code legalBasis.kind} this basis handles; {@link LegalBases#NONE} for a message that cites none. */
    String kind();

    /**
     * Checks the basis for the message as a whole and says what it allows.
     *
     * @param legalBasis the envelope's {@code legalBasis} (a missing node when there is none)
     * @throws jp.jusou.hub.message.RejectedException when the basis cannot cover the message at all
     */
    Permit permit(HubMessage message, JsonNode legalBasis);

    /** The id the ledger keeps beside the kind (the consent's, the meeting's), or null. */
    default String reference(JsonNode legalBasis) {
        return null;
    }

    /** Whether an auditor must review every disclosure made on this basis. */
    default boolean reviewRequired() {
        return false;
    }

    /** What a basis allows for one message: who may receive it, and which data classes at most. */
    record Permit(Set<String> classes, Function<String, Reason> denial) {

        /** Every data class the schemas mark. */
        static final Set<String> EVERY_CLASS = Set.of("identity", "contact", "household", "summary", "health", "disability",
                "criminal", "victim", "child-protection", "finance");

        /** Every class but 要配慮個人情報 and finance ({@link PolicyProperties#SPECIAL_CARE}). */
        static final Set<String> NOT_SPECIAL_CARE = notSpecialCare();

        public Permit {
            classes = Set.copyOf(classes);
        }

        /** Any recipient, these classes at most. */
        static Permit anyRecipient(Set<String> classes) {
            return new Permit(classes, recipient -> null);
        }

        /** Why this recipient may receive nothing on this basis, or null when it may. */
        Reason deny(String recipient) {
            return denial.apply(recipient);
        }

        private static Set<String> notSpecialCare() {
            Set<String> classes = new HashSet<>(EVERY_CLASS);
            classes.removeAll(PolicyProperties.SPECIAL_CARE);
            return Set.copyOf(classes);
        }
    }
}
