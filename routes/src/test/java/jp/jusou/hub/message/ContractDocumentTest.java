package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/contract.md} is the contract agencies read; the hub's enums are what it does. The
 * reason-code table and the type list must say exactly what the code says, so that neither can change
 * without the other.
 */
class ContractDocumentTest {

    private static final Path CONTRACT = Path.of("../docs/contract.md");
    private static final Pattern REASON_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (.+) \\| (.+) \\|$", Pattern.MULTILINE);

    @Test
    void theReasonCodeTableIsTheHubsReasonCodesWithTheirTexts() throws IOException {
        Map<String, String[]> documented = new LinkedHashMap<>();
        Matcher row = REASON_ROW.matcher(Files.readString(CONTRACT));
        while (row.find()) {
            documented.put(row.group(1), new String[] {row.group(2), row.group(3)});
        }
        assertThat(documented.keySet()).as("reason codes in docs/contract.md")
                .containsExactly(Arrays.stream(ReasonCode.values()).map(Enum::name).toArray(String[]::new));
        for (ReasonCode code : ReasonCode.values()) {
            assertThat(documented.get(code.name())).as("texts of %s in docs/contract.md", code).containsExactly(code.ja(), code.en());
        }
    }

    @Test
    void everyMessageTypeIsInTheEnvelopesTypeList() throws IOException {
        String typeLine = Files.readAllLines(CONTRACT).stream().filter(l -> l.contains("\"type\": \"referral\",")).findFirst().orElseThrow();
        String[] listed = typeLine.substring(typeLine.indexOf("//") + 2).trim().split("\\s*\\|\\s*");
        assertThat(listed).as("types named in docs/contract.md's envelope")
                .containsExactlyInAnyOrder(Arrays.stream(MessageType.values()).map(MessageType::wireName).toArray(String[]::new));
    }
}
