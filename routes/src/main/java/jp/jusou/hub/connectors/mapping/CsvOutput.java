package jp.jusou.hub.connectors.mapping;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A vendor CSV file written from canonical messages.
 *
 * @param replaced every character the encoding could not represent (replaced by 〓), by output line,
 *     column and code point
 */
public record CsvOutput(byte[] content, Charset charset, List<MappingProblem> replaced) {

    public CsvOutput {
        replaced = List.copyOf(replaced);
    }
}
