package jp.jusou.hub.operations;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.platform.Scope;
import org.springframework.stereotype.Component;

/**
 * What a login of one municipality may see in the console and the operations API: its municipality's
 * agencies, their queues, the quarantine entries they sent, the alerts on them and the audit entries of
 * the municipality. A provider login sees everything. Anything else answers as if it did not exist (404).
 * Hub-wide figures (the dead-letter queue, hub-wide alerts) are the provider's.
 */
@Component
class Visibility {

    private final AgencyDirectory directory;

    public Visibility(AgencyDirectory directory) {
        this.directory = directory;
    }

    public boolean agency(Scope scope, String agencyId) {
        return scope.provider() || agencyId != null && directory.find(agencyId)
                .map(a -> Objects.equals(a.municipality(), scope.municipality())).orElse(false);
    }

    /** The agency ids a scope sees; null for a provider (all, also agencies no longer deployed). */
    public Set<String> agencies(Scope scope) {
        if (scope.provider()) {
            return null;
        }
        return directory.all().stream().filter(a -> Objects.equals(a.municipality(), scope.municipality()))
                .map(Agency::id).collect(Collectors.toSet());
    }

    /** An alert's target is an agency id, one of its queues, or the hub as a whole (provider only). */
    public boolean alert(Scope scope, Alerts.Alert alert) {
        if (scope.provider()) {
            return true;
        }
        String target = alert.target();
        return target != null && directory.all().stream().filter(a -> Objects.equals(a.municipality(), scope.municipality()))
                .anyMatch(a -> target.equals(a.id()) || target.equals(a.inboundQueue()) || target.equals(a.outboundQueue()));
    }

    /** The municipality of an agency (null when unknown). */
    public String municipality(String agencyId) {
        return agencyId == null ? null : directory.find(agencyId).map(Agency::municipality).orElse(null);
    }
}
