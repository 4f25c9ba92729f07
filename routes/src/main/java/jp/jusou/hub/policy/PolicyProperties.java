package jp.jusou.hub.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy as data ({@code hub.policy}): which data classes each agency kind may receive at most (in
 * application.yaml, the policy itself), whether data may cross the municipality boundary (default: no,
 * each municipality is its own controller), and how many characters a vital-interest justification
 * needs at least (default 40). The defaults are here alone.
 */
@ConfigurationProperties("hub.policy")
record PolicyProperties(Map<String, List<String>> kindClasses, @DefaultValue("false") boolean crossMunicipality,
                               @DefaultValue("40") int vitalInterestMinJustification) {

    /** 要配慮個人情報 and finance: reach a recipient only with a consent naming them or inside a 支援会議. */
    public static final Set<String> SPECIAL_CARE = Set.of("health", "disability", "criminal", "victim", "child-protection", "finance");

    public Set<String> classesFor(String kind) {
        List<String> classes = kindClasses == null ? null : kindClasses.get(kind);
        return classes == null ? Set.of() : Set.copyOf(classes);
    }
}
