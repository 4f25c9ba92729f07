package jp.jusou.hub.connectors;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Four eyes on where data goes. A deploy or rollback that alters where an agency's data goes or which
 * secret it uses ({@link DestinationChanges}) is stored as a proposal ({@link PendingChanges}) and takes
 * effect only when a second, different admin approves it; anything else is applied at once. Proposals
 * and decisions are published as {@link ConnectorChanged} (the audit trail records them). Who is an
 * admin is the caller's business (the login's role); this class only knows names.
 */
@Component
public class ChangeApprovals {

    private static final Logger log = LoggerFactory.getLogger(ChangeApprovals.class);

    /**
     * What a submitted change did: applied ({@code deploy}, {@code update}, {@code unchanged},
     * {@code rollback}, with the version) or {@code pending} (with the change id and the fields).
     */
    public record Outcome(String agencyId, String action, Integer version, String changeId, List<String> changedFields) {
    }

    private final ConnectorRuntime runtime;
    private final PendingChanges changes;
    private final ConnectorGuards guards;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public ChangeApprovals(ConnectorRuntime runtime, PendingChanges changes, ConnectorGuards guards,
                           ApplicationEventPublisher events, Clock clock) {
        this.runtime = runtime;
        this.guards = guards;
        this.changes = changes;
        this.events = events;
        this.clock = clock;
    }

    /** Deploys a definition, or proposes it when it alters a destination or secret. */
    public Outcome deploy(String file, String text, String actor) {
        return submit(runtime.validate(file, text), actor);
    }

    Outcome submit(ConnectorDefinition definition, String actor) {
        guards.check(definition); // a proposal that could never be applied is refused now, naming the field
        ConnectorDefinition current = runtime.definition(definition.id()).orElse(null);
        List<String> fields = current != null && current.sha256().equals(definition.sha256()) ? List.of()
                : DestinationChanges.between(current, definition);
        if (fields.isEmpty()) {
            return applied(runtime.apply(definition, actor));
        }
        return proposed(changes.propose(definition.id(), "deploy", definition.source(), definition.text(), null,
                current == null ? null : current.sha256(), fields, actor, clock.instant()));
    }

    /** Rolls back, or proposes the rollback when the target version differs in a destination or secret. */
    public Outcome rollback(String agencyId, Integer toVersion, String actor) {
        ConnectorRegistry.Version target = runtime.rollbackTarget(agencyId, toVersion);
        ConnectorDefinition current = runtime.definition(agencyId).orElse(null);
        List<String> fields = DestinationChanges.between(current, runtime.definitionOf(target));
        if (fields.isEmpty()) {
            return applied(runtime.rollback(agencyId, target.version(), actor));
        }
        return proposed(changes.propose(agencyId, "rollback", target.sourceName(), null, target.version(),
                current == null ? null : current.sha256(), fields, actor, clock.instant()));
    }

    /**
     * Applies a pending change; the approver must be another person than the proposer. If it cannot
     * start, it is recorded as failed and what ran before keeps running.
     */
    public Outcome approve(String changeId, String admin) {
        PendingChanges.Change change = pendingChange(changeId);
        if (change.proposedBy().equals(admin)) {
            throw new SelfApprovalException();
        }
        String running = runtime.definition(change.agencyId()).map(ConnectorDefinition::sha256).orElse(null);
        if (!java.util.Objects.equals(running, change.baseSha256())) {
            // applying it now would silently undo what was changed since it was proposed
            if (changes.decide(changeId, "superseded", admin, clock.instant())) {
                changes.finish(changeId, "superseded", "the connector changed after this proposal; propose it again");
            }
            throw new ConnectorConflictException("the connector " + change.agencyId()
                    + " changed after change " + changeId + " was proposed; propose it again");
        }
        if (!changes.decide(changeId, "approved", admin, clock.instant())) {
            throw new ConnectorConflictException("change " + changeId + " was decided by someone else first");
        }
        events.publishEvent(new ConnectorChanged(change.agencyId(), "change-approved", change.targetVersion(), admin,
                changeId + " proposed by " + change.proposedBy() + ": " + String.join(",", change.changedFields())));
        try {
            String actor = admin;
            ConnectorRuntime.Deployment done = "rollback".equals(change.kind())
                    ? runtime.rollback(change.agencyId(), change.targetVersion(), actor)
                    : runtime.apply(runtime.validate(change.sourceName(), change.definition()), actor);
            changes.finish(changeId, "applied", "version " + done.version() + " " + done.action());
            log.info("Connector change {} of {} approved by {} (proposed by {}): version {}", changeId, change.agencyId(),
                    admin, change.proposedBy(), done.version());
            return new Outcome(done.agencyId(), done.action(), done.version(), changeId, change.changedFields());
        } catch (RuntimeException e) {
            changes.finish(changeId, "failed", e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    /** Rejects (or, by its proposer, withdraws) a pending change; nothing is applied. */
    public PendingChanges.Change reject(String changeId, String admin) {
        PendingChanges.Change change = pendingChange(changeId);
        if (!changes.decide(changeId, "rejected", admin, clock.instant())) {
            throw new ConnectorConflictException("change " + changeId + " was decided by someone else first");
        }
        events.publishEvent(new ConnectorChanged(change.agencyId(), "change-rejected", change.targetVersion(), admin,
                changeId + " proposed by " + change.proposedBy()));
        return changes.find(changeId).orElseThrow();
    }

    public List<PendingChanges.Change> pending() {
        return changes.pending();
    }

    public List<PendingChanges.Change> recent(int limit) {
        return changes.recent(limit);
    }

    private PendingChanges.Change pendingChange(String changeId) {
        PendingChanges.Change change = changes.find(changeId).orElseThrow(() -> new UnknownChangeException(changeId));
        if (!PendingChanges.PENDING.equals(change.status())) {
            throw new ConnectorConflictException("change " + changeId + " is " + change.status() + ", not pending");
        }
        return change;
    }

    private Outcome applied(ConnectorRuntime.Deployment d) {
        return new Outcome(d.agencyId(), d.action(), d.version(), null, List.of());
    }

    private Outcome proposed(PendingChanges.Change change) {
        events.publishEvent(new ConnectorChanged(change.agencyId(), "change-proposed", change.targetVersion(), change.proposedBy(),
                change.changeId() + " (" + change.kind() + "): " + String.join(",", change.changedFields())));
        log.info("Connector change {} of {} proposed by {}; waits for a second admin", change.changeId(), change.agencyId(),
                change.proposedBy());
        return new Outcome(change.agencyId(), "pending", null, change.changeId(), change.changedFields());
    }

    /** The proposer tried to approve their own change. */
    public static class SelfApprovalException extends RuntimeException {
        public SelfApprovalException() {
            super("the proposer of a change cannot approve it; a second admin must");
        }
    }

    public static class UnknownChangeException extends RuntimeException {
        public UnknownChangeException(String changeId) {
            super("no connector change " + changeId);
        }
    }
}
