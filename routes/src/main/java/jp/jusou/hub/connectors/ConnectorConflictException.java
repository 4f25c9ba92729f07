package jp.jusou.hub.connectors;

/** The command does not fit the connector's present state (nothing was changed). */
public class ConnectorConflictException extends RuntimeException {
    public ConnectorConflictException(String message) {
        super(message);
    }
}
