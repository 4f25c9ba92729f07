package jp.jusou.hub.connectors;

import java.time.Duration;

/**
 * Turns a connector definition into running Camel routes (implemented by the pipeline, which owns
 * every route). The runtime decides what should run; the launcher makes it run on this instance.
 */
public interface ConnectorLauncher {

    /**
     * Starts every route of the connector ({@code paused}: created but left stopped). If any route
     * fails to start, nothing of this connector is left running and the cause is thrown.
     */
    void start(ConnectorDefinition definition, boolean paused, SecretSource secrets) throws Exception;

    /** Stops (gracefully: in-flight messages finish) and removes every route of the connector. */
    void stop(String agencyId);

    void pause(String agencyId) throws Exception;

    void resume(String agencyId) throws Exception;

    /** Stops only the routes that take new input from the agency (file and SFTP pollers). */
    void stopInput(String agencyId) throws Exception;

    void resumeInput(String agencyId) throws Exception;

    /** Waits until the agency's inbound queue is empty and nothing of it is in flight; false on timeout. */
    boolean drain(String agencyId, Duration timeout) throws Exception;

    /** The secrets a route needs (resolved when the connector starts, never stored). */
    interface SecretSource {
        String agencySecret();

        /** The key webhook calls are signed with (the connector's {@code outbound.signingKey}). */
        String signingKey();

        String resolve(ConnectorDefinition.SecretRef ref, String path);
    }
}
