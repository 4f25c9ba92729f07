package jp.jusou.hub.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Policy as data ({@code hub.policy} in application.yaml): which data classes each agency kind may
 * receive at most, whether data may cross the municipality boundary, and how long a vital-interest
 * justification must be.
 */
@ConfigurationProperties("hub.policy")
public record PolicyProperties(Map<String, List<String>> kindClasses, boolean crossMunicipality,
                               int vitalInterestMinJustification) {

    /** 要配慮個人情報 and finance: reach a recipient only with a consent naming them or inside a 支援会議. */
    public static final Set<String> SPECIAL_CARE = Set.of("health", "disability", "criminal", "victim", "child-protection", "finance");

    public Set<String> classesFor(String kind) {
        List<String> classes = kindClasses == null ? null : kindClasses.get(kind);
        return classes == null ? Set.of() : Set.copyOf(classes);
    }
}
