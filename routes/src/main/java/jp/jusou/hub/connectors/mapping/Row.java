package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One record of a vendor file.
 *
 * @param line 1-based physical line where the record starts (a quoted field may span several lines)
 * @param message the canonical message, or null when the row is rejected
 * @param problems why the row was rejected (empty when accepted)
 * @param reviewFlags things a person should look at even when the row was accepted (e.g. 外字)
 */
public record Row(int line, ObjectNode message, List<MappingProblem> problems, List<MappingProblem> reviewFlags) {

    public Row {
        problems = List.copyOf(problems);
        reviewFlags = List.copyOf(reviewFlags);
    }

    public boolean accepted() {
        return message != null;
    }
}
