package jp.jusou.hub.connectors.mapping;

/**
 * One problem found in a mapping file or in a vendor CSV file: where (file, 1-based line, column name),
 * what (a stable code) and a human-readable message in Japanese and English. Messages never contain
 * cell values, so problems may be logged and shown to operators without exposing personal data.
 *
 * @param line 1-based physical line; 0 when the problem concerns the whole file
 * @param column the column (or mapping field) concerned, or null
 */
public record MappingProblem(String file, int line, String column, String code, String ja, String en) {

    @Override
    public String toString() {
        return file + ":" + line + (column == null ? "" : " [" + column + "]") + " " + code + ": " + en;
    }
}
