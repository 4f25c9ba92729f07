package jp.jusou.hub.connectors;

import java.time.Instant;

/**
 * What operators see of one connector: who the agency is, which version runs, in which state, over
 * which transports. Metadata only.
 *
 * @param state {@code running}, {@code paused} or {@code failed} (its routes could not start here)
 */
public record ConnectorStatus(String agencyId, String name, String kind, String municipality, String operator,
                              int version, String state, String inbound, String outbound,
                              Instant changedAt, String changedBy, String error) {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String FAILED = "failed";
}
