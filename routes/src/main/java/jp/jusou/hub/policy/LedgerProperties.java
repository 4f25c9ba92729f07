package jp.jusou.hub.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The disclosure ledger's sealing ({@code hub.ledger.*}) with its defaults; application.yaml does not
 * repeat them (docs/operators.md explains the seals). The ledger's keys ({@code hub.ledger.active-key},
 * {@code hub.ledger.keys.*}) are read by {@link LedgerKeys}.
 *
 * @param sealBatch    at most this many entries per seal (a backlog is sealed in several)
 * @param sealInterval how often one instance seals the entries made since the last seal
 */
@ConfigurationProperties("hub.ledger")
record LedgerProperties(@DefaultValue("10000") int sealBatch,
                               @DefaultValue(LedgerProperties.SEAL_INTERVAL) Duration sealInterval) {

    static final String SEAL_INTERVAL = "PT10S";
    /** The interval as {@code @Scheduled} reads it (a placeholder, not this record): the setting, else the same default. */
    static final String SEAL_INTERVAL_SETTING = "${hub.ledger.seal-interval:" + SEAL_INTERVAL + "}";
}
