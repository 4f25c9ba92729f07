package jp.jusou.hub.connectors.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** A mapping file that cannot be used; every problem names the file, the line and what is wrong. */
public class MappingException extends Exception {

    private final transient List<MappingProblem> problems;

    public MappingException(List<MappingProblem> problems) {
        super(problems.stream().map(MappingProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }
}
