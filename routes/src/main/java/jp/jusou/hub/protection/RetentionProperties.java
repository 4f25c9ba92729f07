package jp.jusou.hub.protection;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long each store keeps what it holds ({@code hub.retention.*}), with the defaults, which
 * application.yaml does not repeat (their reasons are in docs/data-protection.md). Every period is
 * counted on the hub's clock.
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
record RetentionProperties(@DefaultValue("P90D") Duration quarantine, @DefaultValue("P90D") Duration inbox,
                                  @DefaultValue("P400D") Duration caseSnapshots, @DefaultValue("P1826D") Duration consentEvidence,
                                  @DefaultValue("P30D") Duration exchangeFiles, @DefaultValue("P400D") Duration outcomes,
                                  @DefaultValue(RetentionProperties.INTERVAL) Duration interval,
                                  @DefaultValue("PT5M") Duration lockAtLeastFor,
                                  List<String> exchangeRoots) {

    static final String INTERVAL = "PT1H";
    /** The interval as {@code @Scheduled} reads it (a placeholder, not this record): the setting, else the same default. */
    static final String INTERVAL_SETTING = "${hub.retention.interval:" + INTERVAL + "}";

    public List<String> exchangeRoots() {
        return exchangeRoots == null ? List.of() : exchangeRoots;
    }
}
