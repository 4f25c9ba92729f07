package jp.jusou.hub.connectors;

import java.util.List;
import java.util.stream.Collectors;

/** A connector definition that cannot be deployed; each problem names the file, the line and what is wrong. */
public class InvalidConnectorException extends RuntimeException {

    /** One problem: file, line and column (0 when unknown), the JSON path in the definition, the message. */
    public record Problem(String file, int line, int column, String path, String message) {

        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": "
                    + (path == null || path.isEmpty() ? "" : path + ": ") + message;
        }
    }

    private final transient List<Problem> problems;

    public InvalidConnectorException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidConnectorException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
