package jp.jusou.hub.message;

import java.util.List;

/**
 * Thrown by a pipeline step that decides a message must not be delivered. It is an outcome, not a
 * failure: the pipeline turns it into a delivery report and a quarantined copy, and commits.
 */
public class RejectedException extends RuntimeException {

    private final transient List<Reason> reasons;

    public RejectedException(List<Reason> reasons) {
        super(reasons.isEmpty() ? "rejected" : reasons.get(0).code().name(), null, false, false);
        this.reasons = List.copyOf(reasons);
    }

    public RejectedException(Reason reason) {
        this(List.of(reason));
    }

    public List<Reason> reasons() {
        return reasons;
    }
}
