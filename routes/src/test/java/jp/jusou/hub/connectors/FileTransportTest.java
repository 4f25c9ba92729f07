package jp.jusou.hub.connectors;

import jp.jusou.hub.Waits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.cli.Hubctl;
import jp.jusou.hub.connectors.mapping.CsvMapping;
import jp.jusou.hub.connectors.mapping.FileContext;
import jp.jusou.hub.connectors.mapping.MappingResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The file transport with a vendor CSV layout, on a running hub: the demo connector of 第1包括
 * (ケアリンク CSV in CP932, both ways) deployed with hubctl; its sample file read exactly once,
 * rows turned into messages, bad rows reported, the file moved to done/ with its report; a file
 * read again (a crash before the move) enqueues nothing twice; a file still being written is not
 * read half; messages for the center come back as ケアリンク CSV files.
 */
@org.springframework.test.context.TestPropertySource(properties = "hub.connectors.max-file-bytes=65536")
class FileTransportTest extends HubTestSupport {

    static final Path CONNECTOR = Path.of("../connectors/omuta-houkatsu-1.yaml");
    static final Path SAMPLE = Path.of("../connectors/samples/omuta-houkatsu-1/referrals-20261120.csv");
    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    ConnectorProperties connectorProperties; // bound once (the test data dir is random per resolution)

    @Autowired
    JdbcTemplate jdbc;

    Path toHub;
    Path fromHub;

    /** hubctl as the given login on the hub at {@code url}; returns what it printed. */
    static String hubctlAs(String url, String user, String password, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new Hubctl(new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new PrintStream(err, true,
                java.nio.charset.StandardCharsets.UTF_8), Map.of("HUB_URL", url, "HUB_USER", user, "HUB_PASSWORD", password)).run(args);
        assertThat(code).as(String.join(" ", args) + ": " + err.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Deploys a connector as the operator with hubctl; when it waits for a second admin (a new destination,
     * e.g. 第1包括's folders where the test connectors have it on the broker), the admin approves it.
     */
    static void deployApproved(String url, Path connector) {
        String deployed = hubctlAs(url, "operator", "demo-operator", "deploy", connector.toString());
        java.util.regex.Matcher pending = java.util.regex.Pattern.compile("change (CC-[0-9a-f-]+) waits").matcher(deployed);
        if (pending.find()) {
            hubctlAs(url, "admin", "demo-admin", "approve", pending.group(1));
        }
    }

    @BeforeEach
    void deployTheDemoConnector() throws Exception {
        deployApproved("http://127.0.0.1:" + httpPort, CONNECTOR);
        toHub = Path.of(connectorProperties.exchangeDir(), "omuta-houkatsu-1", "to-hub");
        fromHub = Path.of(connectorProperties.exchangeDir(), "omuta-houkatsu-1", "from-hub");
    }

    /** The sample's messages as the mapping makes them, and a consent for each of their subjects. */
    List<JsonNode> sampleMessagesWithConsents(String fileName) throws Exception {
        CsvMapping mapping = carelink();
        MappingResult result = mapping.read(Files.readAllBytes(SAMPLE),
                new FileContext("omuta-houkatsu-1", "402028", fileName, TestDates.nowInJapan()));
        List<JsonNode> messages = new ArrayList<>();
        result.accepted().forEach(row -> messages.add(row.message()));
        try (AgencyClient houkatsu1 = agency("omuta-houkatsu-1")) {
            for (JsonNode message : messages) {
                ObjectNode consent = Messages.testConsent("omuta-houkatsu-1");
                consent.putObject("subject").put("localId", message.at("/subject/localId").asText());
                Messages.payload(consent).put("consentId", message.at("/legalBasis/consentId").asText());
                houkatsu1.send(Messages.text(consent));
                String id = consent.get("messageId").asText();
                await(() -> outcomes(id) == 1);
                assertThat(jdbc.queryForObject("SELECT outcome || ' ' || COALESCE(reason_codes, '') FROM message_outcome"
                        + " WHERE message_id = ?", String.class, id)).as("consent").isEqualTo("delivered ");
            }
        }
        return messages;
    }

    @Test
    void aVendorCsvFileIsReadOnceAndItsRowsDelivered() throws Exception {
        List<JsonNode> expected = sampleMessagesWithConsents("referrals-20261120.csv");
        Files.copy(SAMPLE, toHub.resolve("referrals-20261120.csv"));

        Path done = toHub.resolve("done").resolve("referrals-20261120.csv");
        Path report = toHub.resolve("done").resolve("referrals-20261120.csv.report.json");
        await(() -> Files.exists(done) && Files.exists(report));
        assertThat(toHub.resolve("referrals-20261120.csv")).doesNotExist();
        JsonNode r = Messages.JSON.readTree(report.toFile());
        assertThat(r.at("/counts/accepted").asInt()).isEqualTo(5);
        assertThat(r.at("/counts/rejected").asInt()).isEqualTo(2);
        assertThat(r.path("rows").findValuesAsText("code")).contains("BAD_DATE", "GAIJI");
        assertThat(Files.readString(report)).as("the report holds no cell values").doesNotContain("古賀", "H-0042");

        for (JsonNode message : expected) {
            String id = message.get("messageId").asText();
            await(() -> outcomes(id) == 1);
            assertThat(jdbc.queryForObject("SELECT outcome || ' ' || COALESCE(reason_codes, '') FROM message_outcome"
                    + " WHERE message_id = ?", String.class, id)).isEqualTo("delivered ");
            String to = message.at("/payload/to").asText();
            try (AgencyClient recipient = agency(to)) {
                assertThat(recipient.receiveMessage(id, WAIT)).as("received by " + to).isNotNull();
            }
        }
        // the delivery reports for the center come back as files in from-hub
        await(() -> files(fromHub, "-delivery-report-").size() >= expected.size());

        // the same file again (as after a crash before it was moved): nothing is enqueued twice
        Files.copy(SAMPLE, toHub.resolve("referrals-20261120.csv"));
        await(() -> !Files.exists(toHub.resolve("referrals-20261120.csv")));
        Waits.holds("each row decided once", Duration.ofSeconds(3),
                () -> expected.stream().allMatch(message -> outcomes(message.get("messageId").asText()) == 1));
    }

    @Test
    void aFileStillBeingWrittenIsNotReadHalfAndABrokenFileGoesToError() throws Exception {
        byte[] sample = Files.readAllBytes(SAMPLE);
        Path slow = toHub.resolve("slow-writer.csv");
        try (OutputStream out = Files.newOutputStream(slow)) {
            int half = sample.length / 2;
            out.write(sample, 0, half);
            out.flush();
            for (int i = 0; i < 6; i++) { // still writing for 3 s, a few bytes at a time
                Thread.sleep(500); // a slow writer: the pause is what is under test, not a wait for the hub
                int from = half + i * (sample.length - half) / 6;
                int to = half + (i + 1) * (sample.length - half) / 6;
                out.write(sample, from, to - from);
                out.flush();
                assertThat(toHub.resolve("done").resolve("slow-writer.csv")).as("not taken while written").doesNotExist();
            }
        }
        Path report = toHub.resolve("done").resolve("slow-writer.csv.report.json");
        await(() -> Files.exists(report));
        JsonNode r = Messages.JSON.readTree(report.toFile());
        assertThat(r.at("/counts/rows").asInt()).as("every row, none cut in half").isEqualTo(7);
        assertThat(r.at("/counts/accepted").asInt()).isEqualTo(5);

        Files.writeString(toHub.resolve("not-the-layout.csv"), "a,b,c\n1,2,3\n", StandardCharsets.UTF_8);
        Path errorReport = toHub.resolve("error").resolve("not-the-layout.csv.report.json");
        await(() -> Files.exists(errorReport) && Files.exists(toHub.resolve("error").resolve("not-the-layout.csv")));
        assertThat(Messages.JSON.readTree(errorReport.toFile()).path("fileProblems").findValuesAsText("code")).contains("MISSING_COLUMN");

        // over hub.connectors.max-file-bytes (64 KiB here): rejected whole with a report, its rows never read
        String header = Files.readAllLines(SAMPLE, java.nio.charset.Charset.forName("windows-31j")).get(0);
        Files.writeString(toHub.resolve("huge.csv"), header + "\r\n" + "x,".repeat(40_000) + "\r\n",
                java.nio.charset.Charset.forName("windows-31j"));
        Path hugeReport = toHub.resolve("error").resolve("huge.csv.report.json");
        await(() -> Files.exists(hugeReport) && Files.exists(toHub.resolve("error").resolve("huge.csv")));
        JsonNode huge = Messages.JSON.readTree(hugeReport.toFile());
        assertThat(huge.path("fileProblems").findValuesAsText("code")).containsExactly("TOO_LARGE");
        assertThat(huge.path("accepted").asInt()).isZero();

        // an overlong id in a row (受付番号 → referralId, 129 characters): that row is rejected with a
        // report (SCHEMA_VIOLATION, its outcome under the row's messageId), not dead-lettered
        java.nio.charset.Charset cp932 = java.nio.charset.Charset.forName("windows-31j");
        Files.writeString(toHub.resolve("long-ids.csv"), Files.readString(SAMPLE, cp932).replace("R-2026-0101", "R" + "z".repeat(128)), cp932);
        Path longReport = toHub.resolve("done").resolve("long-ids.csv.report.json");
        await(() -> Files.exists(longReport));
        String rowId = null;
        for (JsonNode row : Messages.JSON.readTree(longReport.toFile()).path("rows")) {
            if (row.path("line").asInt() == 2) {
                rowId = row.path("messageId").asText();
            }
        }
        assertThat(rowId).as("the row went in").isNotBlank();
        String id = rowId;
        await(() -> outcomes(id) == 1);
        assertThat(jdbc.queryForObject("SELECT outcome || ' ' || reason_codes FROM message_outcome WHERE message_id = ?", String.class, id))
                .isEqualTo("rejected SCHEMA_VIOLATION");
    }

    @Test
    void aReferralForTheCenterArrivesAsItsVendorsCsv() throws Exception {
        var referral = Messages.referral("omuta-takikan", "omuta-houkatsu-1");
        assertThat(sendForReport(referral).at("/payload/outcome").asText()).isEqualTo("delivered");
        String id = referral.get("messageId").asText();
        await(() -> files(fromHub, id).size() == 1);
        Path csv = files(fromHub, id).get(0);
        assertThat(csv.getFileName().toString()).endsWith("-referral-" + id + ".csv");
        CsvMapping mapping = carelink();
        MappingResult back = mapping.read(Files.readAllBytes(csv), new FileContext("omuta-takikan", "402028", "x.csv", TestDates.nowInJapan()));
        assertThat(back.charset().name()).isEqualTo("windows-31j");
        assertThat(back.accepted()).hasSize(1);
        assertThat(back.accepted().get(0).message().at("/payload/referralId").asText())
                .isEqualTo(referral.at("/payload/referralId").asText());
        assertThat(back.accepted().get(0).message().at("/payload/person/name").asText()).isEqualTo("古賀 ミチ子");
    }

    /** The ケアリンク mapping the demo connector of 第1包括 uses, as shipped. */
    static CsvMapping carelink() throws Exception {
        try (var in = Files.newInputStream(Path.of("../connectors/mappings/carelink-houkatsu-v3.yaml"))) {
            return CsvMapping.load("carelink-houkatsu-v3.yaml", in);
        }
    }

    static List<Path> files(Path dir, String containing) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().contains(containing) && !p.getFileName().toString().endsWith(".part"))
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int outcomes(String messageId) {
        // decided: a delivery is "delivering" until the broker has committed its copies
        return jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE message_id = ? AND outcome <> 'delivering'",
                Integer.class, messageId);
    }

    static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
