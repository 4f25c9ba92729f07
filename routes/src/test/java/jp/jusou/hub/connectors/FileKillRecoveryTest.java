package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubProcesses;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.connectors.mapping.CsvMapping;
import jp.jusou.hub.connectors.mapping.FileContext;
import jp.jusou.hub.connectors.mapping.MappingResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hub killed (SIGKILL) in the middle of a vendor file: after the restart the file is read again
 * from the start, and every row reaches its recipient exactly once with exactly one report; the
 * file ends in done/. The connector itself was deployed through hubctl before the kill and is still
 * the one running after it (a restart never undoes a deployment).
 */
class FileKillRecoveryTest {

    static final int ROWS = 4000;
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String[] HEADER = {"利用者番号", "受付番号", "紹介先", "氏名", "ﾌﾘｶﾞﾅ", "生年月日", "性別", "住所", "電話番号", "分野",
            "課題", "要介護度", "相談概要", "健康状態", "経済状況", "緊急度", "回答期限", "同意書番号"};

    @RegisterExtension
    final HubProcesses hubs = new HubProcesses("file-kill-test");

    @Test
    void aHubKilledMidFileDeliversEveryRowOnceAfterTheRestart() throws Exception {
        Process first = hubs.start("first");
        Path data = hubs.data();
        String brokerUrl = hubs.brokerUrl();
        try (AgencyClient houkatsu = new AgencyClient(brokerUrl, "omuta-houkatsu-1", "demo-omuta-houkatsu-1")) {
            HubTestSupport.grantTestConsent(houkatsu, "omuta-houkatsu-1"); // subject H-0042, the basis of every row
        }
        FileTransportTest.deployApproved(hubs.httpUrl(), Path.of("../connectors/omuta-houkatsu-1.yaml")); // four eyes: operator, then admin

        byte[] export = export();
        List<String> ids = messageIds(export);
        assertThat(ids).hasSize(ROWS);
        Path toHub = data.resolve("exchange/omuta-houkatsu-1/to-hub");
        Path staged = Files.write(data.resolve("referrals-big.csv"), export);
        Files.move(staged, toHub.resolve("referrals-big.csv"), StandardCopyOption.ATOMIC_MOVE);

        // kill once the hub has decided the first rows, long before it has read the whole file
        HttpAgency houkatsuHttp = new HttpAgency(hubs.httpUrl(), "omuta-houkatsu-1", "demo-omuta-houkatsu-1");
        org.awaitility.Awaitility.await("row 51 decided").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> houkatsuHttp.get("/api/v1/messages/" + ids.get(50)).statusCode() == 200);
        first.destroyForcibly().waitFor();
        assertThat(toHub.resolve("done/referrals-big.csv")).as("killed in the middle of the file").doesNotExist();
        assertThat(toHub.resolve("referrals-big.csv")).exists();

        hubs.start("second");
        Path done = toHub.resolve("done/referrals-big.csv");
        org.awaitility.Awaitility.await("the file is finished after the restart").atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(done));

        Map<String, Integer> copies = new HashMap<>();
        try (AgencyClient takikan = new AgencyClient(brokerUrl, "omuta-takikan", "demo-omuta-takikan")) {
            long until = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < until && !copies.keySet().containsAll(ids)) {
                JsonNode copy = takikan.receive(Duration.ofSeconds(2));
                if (copy != null) {
                    copies.merge(copy.path("messageId").asText(), 1, Integer::sum);
                }
            }
            JsonNode copy;
            while ((copy = takikan.receive(Duration.ofSeconds(2))) != null) {
                copies.merge(copy.path("messageId").asText(), 1, Integer::sum);
            }
        }
        assertThat(copies.keySet()).as("every row delivered").containsAll(ids);
        assertThat(copies.values()).as("each exactly once").containsOnly(1);

        Map<String, Integer> reports = reportsWritten(data.resolve("exchange/omuta-houkatsu-1/from-hub"), ids);
        assertThat(reports.keySet()).as("a report for every row, written to the center's folder").containsAll(ids);
        assertThat(reports.values()).as("one report each").containsOnly(1);
    }

    /** A big ケアリンク export: every row a referral of the test subject to the coordinator. */
    static byte[] export() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(bytes, Charset.forName("windows-31j")),
                CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").setHeader(HEADER).get())) {
            for (int i = 0; i < ROWS; i++) {
                csv.printRecord("H-0042", "R-FILE-KILL-" + i, "多機関", "古賀 ミチ子", "ｺｶﾞ ﾐﾁｺ", "S19.3.12", "女",
                        "福岡県大牟田市有明町二丁目3番地の5", "０９４４－５２－３１８７", "高齢", "8050", "要支援2",
                        "定期の見守り報告（" + i + "件目）〜継続して支援中", "", "", "通常", "", "CN-T-omuta-houkatsu-1");
            }
        }
        return bytes.toByteArray();
    }

    /** The rows' message ids, as the connector's mapping derives them (the same on every reading of the file). */
    static List<String> messageIds(byte[] export) throws Exception {
        CsvMapping mapping = FileTransportTest.carelink();
        MappingResult result = mapping.read(export, new FileContext("omuta-houkatsu-1", "402028", "referrals-big.csv",
                TestDates.nowInJapan()));
        assertThat(result.rejected()).isEmpty();
        return result.accepted().stream().map(row -> row.message().path("messageId").asText()).toList();
    }

    /** The delivery reports in the directory by the message they answer, once there is one for every id. */
    static Map<String, Integer> reportsWritten(Path dir, List<String> ids) {
        return org.awaitility.Awaitility.await("a report for every row").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> reportsIn(dir), reports -> reports.keySet().containsAll(ids));
    }

    private static Map<String, Integer> reportsIn(Path dir) throws Exception {
        Map<String, Integer> reports = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("-delivery-report-")
                    && f.getFileName().toString().endsWith(".json")).toList()) {
                reports.merge(Messages.JSON.readTree(file.toFile()).at("/payload/inReplyTo").asText(), 1, Integer::sum);
            }
        }
        return reports;
    }
}
