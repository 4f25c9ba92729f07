package jp.jusou.hub.connectors;

/** The connector's routes could not start; the previous version keeps running. */
public class ConnectorStartException extends RuntimeException {
    private final String agencyId;
    private final int version;

    public ConnectorStartException(String agencyId, int version, String error) {
        super("connector " + agencyId + " version " + version + " failed to start: " + error);
        this.agencyId = agencyId;
        this.version = version;
    }

    public String agencyId() {
        return agencyId;
    }

    public int version() {
        return version;
    }
}
