package jp.jusou.hub.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Data protection on the demo's H2 file database ({@link DataProtectionScenario}: erasure, retention). After bodies with a marker were stored, the marker is in no table
 * and in no byte of the database files (under the data directory: {@code h2/}), as UTF-8 or UTF-16 either way.
 */
class H2DataProtectionTest extends DataProtectionScenario {

    @Test
    void noBodyIsStoredInPlainText() throws Exception {
        storeMarkedBodies();
        assertThat(columnsHolding(marker)).isEmpty();
        assertThat(columnsHolding("sealed:v1:")).contains("quarantine.body_masked", "inbox_message.envelope_json",
                "coordinated_case.last_update_json", "consent.evidence_captured_by");

        jdbc.execute("CHECKPOINT"); // everything committed is in the file now
        List<Path> files;
        Path database = Path.of(jdbc.queryForObject("SELECT DATABASE_PATH()", String.class)).toAbsolutePath();
        try (Stream<Path> walk = Files.walk(database.getParent())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        List<String> holding = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                if (indexOf(bytes, marker.getBytes(charset)) >= 0) {
                    holding.add(file.getFileName() + " (" + charset + ")");
                }
            }
        }
        assertThat(holding).isEmpty();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void erasureRemovesASubjectsDataAndKeepsTheLedger() throws Exception {
        erasesASubject();
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it moves the hub's clock on by years
    void retentionPurgesEachStoreWhenItsTimeIsUp() throws Exception {
        purgesEachStoreWhenItsTimeIsUp();
    }
}
