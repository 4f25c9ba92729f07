package jp.jusou.hub.connectors;

/** No connector of that agency is deployed (on this instance, or ever for its versions). */
public class UnknownConnectorException extends RuntimeException {
    public UnknownConnectorException(String agencyId) {
        super("no deployed connector " + agencyId);
    }
}
