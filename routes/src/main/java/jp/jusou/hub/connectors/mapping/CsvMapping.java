package jp.jusou.hub.connectors.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * A declarative mapping between a vendor's CSV export and the hub's canonical messages (the envelope of
 * the contract with its payload), in both directions. Loaded from a YAML file (see
 * {@code connectors/mappings/README.md}); immutable and thread-safe once loaded. Reading is
 * {@link CsvReader} (a file) with {@link RowReader} (a record); writing is {@link CsvWriter}.
 *
 * <p>Reading never throws for bad data: problems of the file as a whole go to
 * {@link MappingResult#fileProblems()}, problems of a record reject only that record. No cell value is
 * ever written into a problem, a log or an exception.
 */
public final class CsvMapping {

    private final MappingSpec spec;
    private final CsvReader reader;
    private final CsvWriter writer;

    CsvMapping(MappingSpec spec) {
        this.spec = spec;
        this.reader = new CsvReader(spec);
        this.writer = new CsvWriter(spec);
    }

    /**
     * Loads and validates a mapping file.
     *
     * @param fileName the name used in problems
     * @throws MappingException naming the file, the line and the problem for everything wrong with it
     */
    public static CsvMapping load(String fileName, InputStream yaml) throws MappingException {
        return MappingLoader.load(fileName, yaml);
    }

    public String id() {
        return spec.id();
    }

    /** The encoding files are read with (unless they start with a UTF-8 BOM) and written in. */
    public Charset charset() {
        return spec.charset();
    }

    /** The column names in file order, as written in the header by {@link #write}. */
    public List<String> columnNames() {
        return spec.columnNames();
    }

    /** Whether {@link #write} can write messages of this type (the mapping maps it). */
    public boolean canWrite(String messageType) {
        return spec.canWrite(messageType);
    }

    /** What the mapping file says (for the reader's and writer's tests). */
    MappingSpec spec() {
        return spec;
    }

    /** Reads one vendor file; never throws for bad data. */
    public MappingResult read(byte[] content, FileContext context) {
        return reader.read(content, context);
    }

    /**
     * Writes canonical messages as the vendor's CSV: a header and one record per message, in the mapping's
     * encoding with CRLF line ends. Characters the encoding cannot represent become 〓 and are listed.
     *
     * @throws IllegalArgumentException for a message of a type the mapping does not map (see {@link #canWrite})
     */
    public CsvOutput write(List<JsonNode> messages) {
        return writer.write(messages);
    }
}
