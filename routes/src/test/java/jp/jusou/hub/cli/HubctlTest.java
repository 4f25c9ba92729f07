package jp.jusou.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hubctl's file commands (no hub needed) and its exit codes; the remote commands are exercised
 * against a running hub in FileTransportTest (deploy) and here against no hub at all (exit 3).
 */
class HubctlTest {

    static final Path CONNECTORS = Path.of("../connectors");

    record Run(int code, String out, String err) {
    }

    static Run hubctl(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Hubctl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run hubctl(String... args) {
        return hubctl(Map.of(), args);
    }

    @Test
    void everyShippedDefinitionIsValid() throws Exception {
        try (var files = Files.list(CONNECTORS)) {
            String[] args = files.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted()
                    .toList().toArray(String[]::new);
            String[] command = new String[args.length + 1];
            command[0] = "validate";
            System.arraycopy(args, 0, command, 1, args.length);
            Run run = hubctl(command);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("omuta-houkatsu-1.yaml: ok (omuta-houkatsu-1, inbound file, outbound file)",
                    "omuta-houkatsu-2.yaml: ok (omuta-houkatsu-2, inbound sftp, outbound sftp)",
                    "omuta-jiritsu.yaml: ok (omuta-jiritsu, inbound file, outbound webhook)",
                    "omuta-shogai.yaml: ok (omuta-shogai, inbound https, outbound https)",
                    "omuta-takikan.yaml: ok (omuta-takikan, inbound broker, outbound broker)");
        }
    }

    @Test
    void writesAndRotatesAMasterKeyThatTheHubReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master-keyset.json");
        assertThat(hubctl("master-key", "new", file.toString()).code()).isZero();
        var settings = new jp.jusou.hub.platform.KeyProperties("file:" + file, false);
        var hub = new jp.jusou.hub.platform.HubProperties(dir.toString(), 0, false, null, null, null, null, null, null);
        byte[] sealed = new jp.jusou.hub.platform.MasterKey(settings, hub).aead().encrypt(new byte[] {1, 2, 3}, new byte[0]);

        Run again = hubctl("master-key", "new", file.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("master-key rotate");

        Run rotate = hubctl("master-key", "rotate", file.toString());
        assertThat(rotate.code()).as(rotate.err()).isZero();
        assertThat(rotate.out()).contains("1 older key(s) kept");
        var rotated = new jp.jusou.hub.platform.MasterKey(settings, hub);
        assertThat(rotated.aead().decrypt(sealed, new byte[0])).containsExactly(1, 2, 3);
    }

    @Test
    void anInvalidDefinitionIsNamedByFileLineAndProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new-center.yaml");
        Files.writeString(file, """
                agency:
                  id: omuta-new
                  name: 新しいセンター
                  kind: houkatsu
                  municipality: "402028"
                secret: {env: HUB_SECRET_OMUTA_NEW}
                inbound:
                  transport: file
                  format: csv
                  mapping: no-such-vendor
                outbound: {transport: broker}
                """);
        Run run = hubctl("validate", file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("new-center.yaml:8:").contains("$.inbound").contains("directory");
        Files.writeString(file, Files.readString(file).replace("format: csv", "directory: x\n  format: csv"));
        run = hubctl("validate", file.toString());
        assertThat(run.err()).contains("new-center.yaml:11:").contains("$.inbound.mapping").contains("no CSV mapping 'no-such-vendor'");
        assertThat(hubctl("validate", dir.resolve("missing.yaml").toString()).code()).isEqualTo(1);
    }

    @Test
    void testRunsASampleThroughTheMappingAndSendsNothing() {
        Run run = hubctl("test", CONNECTORS.resolve("omuta-houkatsu-1.yaml").toString(),
                CONNECTORS.resolve("samples/omuta-houkatsu-1/referrals-20261120.csv").toString());
        assertThat(run.code()).as("rows were rejected").isEqualTo(1);
        assertThat(run.out()).contains("referrals-20261120.csv:2: accepted")
                .contains("referrals-20261120.csv:5: rejected [BAD_DATE 生年月日]")
                .contains("referrals-20261120.csv:6: rejected [GAIJI 氏名]")
                .contains("5 message(s) would be sent, 2 row(s) rejected")
                .doesNotContain("would be rejected by the hub")
                .as("no personal data unless --show").doesNotContain("古賀");
        Run show = hubctl("test", CONNECTORS.resolve("omuta-jiritsu.yaml").toString(),
                CONNECTORS.resolve("samples/omuta-jiritsu/referrals-20261121.csv").toString(), "--show");
        assertThat(show.code()).as(show.out() + show.err()).isZero();
        assertThat(show.out()).contains("\"type\" : \"referral-status\"").contains("0 row(s) rejected");
    }

    @Test
    void exitCodesSayWhatWentWrong() {
        assertThat(hubctl().code()).isEqualTo(2);
        assertThat(hubctl("frobnicate").code()).isEqualTo(2);
        assertThat(hubctl("list").err()).contains("HUB_PASSWORD");
        assertThat(hubctl(Map.of("HUB_URL", "http://127.0.0.1:9", "HUB_PASSWORD", "x"), "list").code()).isEqualTo(3);
    }

    @Test
    void theScriptRunsFromTheBuildTree() throws Exception {
        Process process = new ProcessBuilder("bash", "../bin/hubctl", "validate", "../connectors/omuta-takikan.yaml")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("omuta-takikan.yaml: ok");
    }

    @Test
    void theStandaloneBrokerConfigIsGeneratedFromTheConnectors() throws Exception {
        for (String fragment : java.util.List.of("hub-security-settings.xml", "hub-addresses.xml")) {
            String committed = Files.readString(Path.of("../deploy/artemis", fragment));
            assertThat(BrokerConfig.rewrite(committed, BrokerConfig.agencies(CONNECTORS)))
                    .as("deploy/artemis/%s is up to date: run bin/hubctl broker-config connectors deploy/artemis/broker.xml", fragment)
                    .isEqualTo(committed);
        }

        // a copy of the configuration: broker.xml's includes are rewritten, broker.xml itself is touched
        Path copy = Files.createTempDirectory(Path.of("target"), "broker-config-").toAbsolutePath();
        for (String file : java.util.List.of("broker.xml", "hub-security-settings.xml", "hub-address-settings.xml", "hub-addresses.xml")) {
            Files.copy(Path.of("../deploy/artemis", file), copy.resolve(file));
        }
        Files.setLastModifiedTime(copy.resolve("broker.xml"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(BrokerConfig.rewriteFiles(copy.resolve("broker.xml"), java.util.List.of("omuta-sanka"), jp.jusou.hub.TestDates.clock()))
                .containsExactly(copy.resolve("hub-security-settings.xml"), copy.resolve("hub-addresses.xml"));
        assertThat(Files.readString(copy.resolve("hub-security-settings.xml")))
                .contains("  <security-setting match=\"hub.inbound.omuta-sanka\"><permission type=\"send\" roles=\"HUB,omuta-sanka\"/>")
                .doesNotContain("hub.inbound.omuta-jiritsu");
        assertThat(Files.readString(copy.resolve("hub-addresses.xml"))).contains("<address name=\"hub.outbound.omuta-sanka\">");
        assertThat(Files.getLastModifiedTime(copy.resolve("broker.xml")).toMillis()).as("broker.xml touched").isPositive();
    }
}
