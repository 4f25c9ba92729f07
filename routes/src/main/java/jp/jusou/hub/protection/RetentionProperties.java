package jp.jusou.hub.protection;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each store keeps what it holds (application.yaml {@code hub.retention}; the defaults and
 * their reasons are in docs/data-protection.md). Every period is counted on the hub's clock.
 *
 * @param quarantine      quarantined copies (body and metadata), from when they were quarantined
 * @param inbox           inbox messages never acknowledged (an acknowledged one is deleted at once), from their arrival
 * @param caseSnapshots   a case's latest update, from the case's last update (plan, team and status stay)
 * @param consentEvidence the sealed evidence of a consent, from when it ended (revoked or past its validUntil)
 * @param exchangeFiles   files in the file connectors' {@code done/} and {@code error/} directories, from their last change
 * @param outcomes        recorded outcomes and their delivery reports, from when they were recorded
 * @param interval        how often every instance purges (its own exchange files; the database under the lock)
 * @param lockAtLeastFor  how long the database purge's lock stays taken after a run, so other instances skip that round
 * @param exchangeRoots   directories besides {@code hub.connectors.exchange-dir} that hold file connectors' directories
 */
@ConfigurationProperties("hub.retention")
public record RetentionProperties(Duration quarantine, Duration inbox, Duration caseSnapshots, Duration consentEvidence,
                                  Duration exchangeFiles, Duration outcomes, Duration interval, Duration lockAtLeastFor,
                                  List<String> exchangeRoots) {

    public List<String> exchangeRoots() {
        return exchangeRoots == null ? List.of() : exchangeRoots;
    }
}
