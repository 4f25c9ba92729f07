package jp.jusou.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.accounts.Accounts;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import jp.jusou.hub.cli.Hubctl;
import jp.jusou.hub.connectors.ConnectorRuntime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Four eyes on where data goes (issue 11, item 6): a connector change that sends an agency's copies
 * somewhere else waits until a second, different admin approves it, over the API and with hubctl; the
 * proposer cannot approve their own, an operator cannot approve at all, a rejected change is never
 * applied, and proposal and decision are in the audit trail. Pause and resume stay one step. The demo's
 * {@code admin} and a second admin account; the code only knows the login's name and role.
 */
class FourEyesTest extends HubTestSupport {

    static final String KODOMO_ON_THE_BROKER = """
            agency: {id: omuta-kodomo, name: 大牟田市こども家庭センター, kind: kodomo, municipality: "402028"}
            secret: {env: HUB_SECRET_OMUTA_KODOMO}
            inbound: {transport: broker}
            outbound: {transport: broker}
            """;

    @Autowired
    ConnectorRuntime runtime;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcTemplate jdbc;

    HttpServer hook;
    final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startWebhook() throws Exception {
        accounts.addIfAbsent("admin-b", "ADMIN", null, "demo-admin-b"); // the second admin, a person like the demo's admin
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        runtime.deploy("omuta-kodomo.yaml", KODOMO_ON_THE_BROKER, "test-setup"); // each test starts from the broker (set-up, not a person)
    }

    @AfterEach
    void stopWebhook() {
        hook.stop(0);
    }

    HttpAgency login(String user, String password) {
        return new HttpAgency("http://127.0.0.1:" + httpPort, user, password);
    }

    HttpAgency operator() {
        return login("operator", "demo-operator");
    }

    HttpAgency adminA() {
        return login("admin", "demo-admin");
    }

    HttpAgency adminB() {
        return login("admin-b", "demo-admin-b");
    }

    String toWebhook() {
        return KODOMO_ON_THE_BROKER.replace("outbound: {transport: broker}", "outbound: {transport: webhook, url: \"http://127.0.0.1:"
                + hook.getAddress().getPort() + "/hook\", signingKey: {env: HUB_SECRET_OMUTA_KODOMO_SIGNING}}");
    }

    static HttpResponse<String> deploy(HttpAgency who, String yaml) {
        return who.post("/api/v1/connectors?file=omuta-kodomo.yaml", yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Messages.JSON.readTree(response.body());
    }

    List<Map<String, Object>> audit(String action, String changeId) {
        return jdbc.queryForList("SELECT actor, target, detail FROM audit_event WHERE action = ? AND detail LIKE ?", action,
                "%" + changeId + "%");
    }

    @Test
    void aNewDestinationWaitsForASecondAdminAndTheProposerCannotApproveIt() throws Exception {
        HttpResponse<String> proposed = deploy(adminA(), toWebhook());
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        String changeId = json(proposed).path("changeId").asText();
        assertThat(json(proposed).path("action").asText()).isEqualTo("pending");
        assertThat(json(proposed).path("changedFields").toString()).contains("$.outbound.transport", "$.outbound.url",
                "$.outbound.signingKey");
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).as("nothing applied yet").isEqualTo("broker");

        // visible to operators and admins; an agency sees nothing
        assertThat(json(operator().get("/api/v1/connector-changes")).path("changes").findValuesAsText("changeId")).contains(changeId);
        assertThat(http("omuta-kodomo").get("/api/v1/connector-changes").statusCode()).isEqualTo(403);

        // a message for the center meanwhile still goes where it went: its queue, not the new webhook
        var before = Messages.referral("omuta-houkatsu-1", "omuta-kodomo");
        assertDelivered(before, "omuta-kodomo");
        assertThat(received).isEmpty();

        // the proposer cannot approve, an operator cannot, an agency cannot
        HttpResponse<String> self = adminA().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null);
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(json(self).path("code").asText()).isEqualTo("SELF_APPROVAL");
        assertThat(operator().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null).statusCode()).isEqualTo(403);
        assertThat(http("omuta-kodomo").post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null).statusCode())
                .isEqualTo(403);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).isEqualTo("broker");

        // the second admin approves: now the center's copies go to the webhook
        HttpResponse<String> approved = adminB().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).isEqualTo("webhook");
        var after = Messages.referral("omuta-houkatsu-1", "omuta-kodomo");
        assertThat(sendForReport(after).at("/payload/outcome").asText()).isEqualTo("delivered");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> received.stream().anyMatch(b -> b.contains(after.get("messageId").asText())));
        assertThat(adminB().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null).statusCode())
                .as("decided once").isEqualTo(409);

        // both steps are audited, by whom
        assertThat(audit("connector-change-proposed", changeId)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("ACTOR", "admin").containsEntry("TARGET", "omuta-kodomo"));
        assertThat(audit("connector-change-approved", changeId)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("ACTOR", "admin-b"));
        assertThat(runtime.versions("omuta-kodomo").get(runtime.versions("omuta-kodomo").size() - 1).deployedBy()).isEqualTo("admin-b");

        // going back to the broker is a change of destination too: a rollback waits the same way
        HttpResponse<String> back = operator().post("/api/v1/connectors/omuta-kodomo/rollback", new byte[0], null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(202);
        HttpResponse<String> backApproved = adminA().post("/api/v1/connector-changes/" + json(back).path("changeId").asText()
                + "/approve", new byte[0], null);
        assertThat(backApproved.statusCode()).as(backApproved.body()).isEqualTo(200);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).isEqualTo("broker");
    }

    @Test
    void aRejectedChangeIsNeverAppliedAndOneStepChangesStayOneStep() throws Exception {
        HttpResponse<String> proposed = deploy(operator(), toWebhook());
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        String changeId = json(proposed).path("changeId").asText();
        HttpResponse<String> rejected = adminA().post("/api/v1/connector-changes/" + changeId + "/reject", new byte[0], null);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(json(rejected).path("status").asText()).isEqualTo("rejected");
        assertThat(adminB().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null).statusCode()).isEqualTo(409);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).isEqualTo("broker");
        assertThat(audit("connector-change-rejected", changeId)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("ACTOR", "admin"));

        // pause, resume and a change that sends nothing elsewhere (the name) take effect at once
        assertThat(operator().post("/api/v1/connectors/omuta-kodomo/pause", new byte[0], null).statusCode()).isEqualTo(200);
        assertThat(operator().post("/api/v1/connectors/omuta-kodomo/resume", new byte[0], null).statusCode()).isEqualTo(200);
        HttpResponse<String> renamed = deploy(operator(), runningKodomo().replace("大牟田市こども家庭センター", "大牟田市こども家庭センター（本所）"));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(201);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().name()).isEqualTo("大牟田市こども家庭センター（本所）");
    }

    @Test
    void aProposalOvertakenByAnotherChangeIsNeverApplied() throws Exception {
        HttpResponse<String> proposed = deploy(operator(), toWebhook());
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        String changeId = json(proposed).path("changeId").asText();
        // meanwhile a one-step change (the name) is applied
        assertThat(deploy(operator(), KODOMO_ON_THE_BROKER.replace("大牟田市こども家庭センター", "大牟田市こども家庭センター（分室）"))
                .statusCode()).isEqualTo(201);
        // approving the older proposal would undo the rename: refused, and the proposal is superseded
        HttpResponse<String> late = adminB().post("/api/v1/connector-changes/" + changeId + "/approve", new byte[0], null);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().outbound()).isEqualTo("broker");
        assertThat(runtime.status("omuta-kodomo").orElseThrow().name()).isEqualTo("大牟田市こども家庭センター（分室）");
        assertThat(jdbc.queryForObject("SELECT status FROM connector_change WHERE change_id = ?", String.class, changeId))
                .isEqualTo("superseded");
    }

    @Test
    void hubctlListsApprovesAndRefusesSelfApproval() throws Exception {
        Map<String, String> asA = Map.of("HUB_URL", "http://127.0.0.1:" + httpPort, "HUB_USER", "admin", "HUB_PASSWORD", "demo-admin");
        Map<String, String> asB = Map.of("HUB_URL", "http://127.0.0.1:" + httpPort, "HUB_USER", "admin-b", "HUB_PASSWORD", "demo-admin-b");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("omuta-kodomo", ".yaml");
        java.nio.file.Files.writeString(file, toWebhook().replace("/hook", "/hook2"));
        Run deploy = hubctl(asA, "deploy", file.toString());
        assertThat(deploy.code()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("waits for a second admin").contains("$.outbound.url").contains("hubctl approve");
        String changeId = deploy.out().replaceAll("(?s).*change (CC-[0-9a-f-]+).*", "$1");
        assertThat(hubctl(asB, "changes").out()).contains(changeId).contains("omuta-kodomo").contains("admin");
        Run self = hubctl(asA, "approve", changeId);
        assertThat(self.code()).isEqualTo(1);
        assertThat(self.err()).contains("SELF_APPROVAL");
        Run approve = hubctl(asB, "approve", changeId);
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("omuta-kodomo: version");
        assertThat(runtime.definition("omuta-kodomo").orElseThrow().outbound().text("url")).endsWith("/hook2");
        assertThat(hubctl(asB, "changes", "--all").out()).contains(changeId).contains("applied");
    }

    @Test
    void inTheConsoleAdminsSeeApproveAndRejectButNeverTheirOwn() throws Exception {
        HttpResponse<String> proposed = deploy(adminA(), toWebhook().replace("/hook", "/hook3"));
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        String changeId = json(proposed).path("changeId").asText();

        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        assertThat(ConsoleSession.json(operator.get("/console/api/connector-changes")).findValuesAsText("changeId")).contains(changeId);
        assertThat(operator.post("/console/api/connector-changes/" + changeId + "/approve", "{}").statusCode())
                .as("operators see, admins decide").isEqualTo(403);

        ConsoleSession proposer = new ConsoleSession(httpPort);
        proposer.login("admin", "demo-admin");
        HttpResponse<String> own = proposer.post("/console/api/connector-changes/" + changeId + "/approve", "{}");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(ConsoleSession.json(own).path("code").asText()).isEqualTo("SELF_APPROVAL");
        assertThat(proposer.post("/console/api/connector-changes/" + changeId + "/approve", "{}", false).statusCode())
                .as("no CSRF token, no decision").isEqualTo(403);

        ConsoleSession second = new ConsoleSession(httpPort);
        second.login("admin-b", "demo-admin-b");
        HttpResponse<String> approved = second.post("/console/api/connector-changes/" + changeId + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
        assertThat(runtime.definition("omuta-kodomo").orElseThrow().outbound().text("url")).endsWith("/hook3");
        assertThat(audit("connector-change-approved", changeId)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("ACTOR", "admin-b"));
        assertThat(ConsoleSession.json(second.get("/console/api/connector-changes")).findValuesAsText("changeId"))
                .doesNotContain(changeId);
    }

    /** The definition that runs now, as YAML (a change of its name only). */
    String runningKodomo() {
        return runtime.definition("omuta-kodomo").orElseThrow().text();
    }

    record Run(int code, String out, String err) {
    }

    static Run hubctl(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Hubctl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
