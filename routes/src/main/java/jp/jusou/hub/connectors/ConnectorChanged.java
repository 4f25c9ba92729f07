package jp.jusou.hub.connectors;

/**
 * Published (as a Spring application event) after every connector change, for the audit trail.
 *
 * @param action  deploy | update | deploy-failed | undeploy | rollback | pause | resume
 * @param version the version concerned (null when none)
 * @param actor   the login that asked for it ({@code system} for start-up and file drops)
 * @param detail  what went wrong or what changed, without secrets
 */
public record ConnectorChanged(String agencyId, String action, Integer version, String actor, String detail) {
}
