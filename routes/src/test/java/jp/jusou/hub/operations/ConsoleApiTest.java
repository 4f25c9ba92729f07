package jp.jusou.hub.operations;

import jp.jusou.hub.Waits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The console's JSON API and its security: roles, CSRF, the audit trail of every action, the
 * auditor-only content view (audited first), discard with a reason, filters, and bulk replay with
 * progress and cancel. The browser's view is ConsoleBrowserTest.
 */
@TestPropertySource(properties = {"hub.console.bulk-replay-pause=PT0.15S", "logging.structured.format.console=ecs"})
@ExtendWith(OutputCaptureExtension.class)
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class ConsoleApiTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    AuditTrail audit;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void agenciesAndStrangersGetNoConsole() {
        ConsoleSession stranger = new ConsoleSession(httpPort);
        assertThat(stranger.get("/console/api/overview").statusCode()).isEqualTo(401);
        HttpResponse<String> page = stranger.get("/console/index.html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/console/login");

        ConsoleSession agency = new ConsoleSession(httpPort);
        agency.login("omuta-houkatsu-1", "demo-omuta-houkatsu-1");
        assertThat(agency.get("/console/api/overview").statusCode()).isEqualTo(403);
        assertThat(agency.get("/console/index.html").statusCode()).isEqualTo(403);

        ConsoleSession wrong = new ConsoleSession(httpPort);
        assertThat(wrong.login("operator", "not-the-password")).contains("/console/login?error");
        assertThat(wrong.get("/console/api/overview").statusCode()).isEqualTo(401);

        // the agencies' API is unchanged: HTTP Basic, stateless, problem+json
        HttpAgency basic = http("omuta-houkatsu-1");
        assertThat(basic.get("/api/v1/inbox?max=1").statusCode()).isEqualTo(200);
        assertThat(basic.get("/console/api/overview").statusCode()).isEqualTo(401); // no Basic on the console
    }

    @Test
    void rolesDecideWhoActsAndWhoReadsContentAndEveryActionIsAudited() throws Exception {
        String id = quarantineMalformed("omuta-kodomo", "{\"name\": \"監査 確認子\"");
        ConsoleSession operator = new ConsoleSession(httpPort);
        assertThat(operator.login("operator", "demo-operator")).endsWith("/console/index.html");
        ConsoleSession auditor = new ConsoleSession(httpPort);
        auditor.login("auditor", "demo-auditor");
        ConsoleSession admin = new ConsoleSession(httpPort);
        admin.login("admin", "demo-admin");
        assertThat(jdbc.queryForList("SELECT principal_name FROM spring_session", String.class))
                .as("console sessions live in the database, so any hub instance serves them")
                .contains("operator", "auditor", "admin");

        // metadata for operators; no content, not even through the detail
        HttpResponse<String> detail = operator.get("/console/api/quarantine/" + id);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(ConsoleSession.json(detail).at("/reasons/0/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(detail.body()).doesNotContain("監査", "確認子");
        assertThat(operator.get("/console/api/quarantine/" + id + "/content").statusCode()).isEqualTo(403);
        assertThat(admin.get("/console/api/quarantine/" + id + "/content").statusCode()).isEqualTo(403);

        // the auditor reads it, and the reading is on record
        HttpResponse<String> content = auditor.get("/console/api/quarantine/" + id + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(ConsoleSession.json(content).path("bodyMasked").asText()).contains("監査 確認子");
        assertThat(audit.recent("content-view", 20)).anyMatch(e -> e.actor().equals("auditor") && id.equals(e.target()));
        // ... but may not act
        assertThat(auditor.post("/console/api/quarantine/" + id + "/replay", "{}").statusCode()).isEqualTo(403);
        assertThat(auditor.post("/console/api/connectors/omuta-kodomo/pause", "{}").statusCode()).isEqualTo(403);

        // CSRF: a change without the token is refused
        assertThat(operator.post("/console/api/quarantine/" + id + "/discard", "{\"reason\": \"x\"}", false).statusCode()).isEqualTo(403);
        // discard needs a reason, is recorded with it, and happens once
        assertThat(operator.post("/console/api/quarantine/" + id + "/discard", "{\"reason\": \" \"}").statusCode()).isEqualTo(400);
        assertThat(operator.post("/console/api/quarantine/" + id + "/discard", "{\"reason\": \"sender resent a fixed copy\"}")
                .statusCode()).isEqualTo(200);
        assertThat(operator.post("/console/api/quarantine/" + id + "/discard", "{\"reason\": \"again\"}").statusCode()).isEqualTo(409);
        assertThat(operator.post("/console/api/quarantine/" + id + "/replay", "{}").statusCode()).isEqualTo(409);
        JsonNode discarded = ConsoleSession.json(operator.get("/console/api/quarantine/" + id));
        assertThat(discarded.at("/entry/status").asText()).isEqualTo("discarded");
        assertThat(discarded.at("/statusChange/by").asText()).isEqualTo("operator");
        assertThat(discarded.at("/statusChange/reason").asText()).isEqualTo("sender resent a fixed copy");
        assertThat(audit.recent("discard", 20)).anyMatch(e -> e.actor().equals("operator") && id.equals(e.target())
                && "sender resent a fixed copy".equals(e.detail()));

        // admin pauses and resumes a connector: both on record (through the connectors room's event)
        assertThat(admin.post("/console/api/connectors/omuta-kodomo/pause", "{}").statusCode()).isEqualTo(200);
        assertThat(ConsoleSession.json(admin.get("/console/api/connectors")).findValuesAsText("state")).contains("paused");
        assertThat(admin.post("/console/api/connectors/omuta-kodomo/resume", "{}").statusCode()).isEqualTo(200);
        assertThat(audit.recent(null, 50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("connector-pause");
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.target()).isEqualTo("omuta-kodomo");
        }).anyMatch(e -> e.action().equals("connector-resume") && e.actor().equals("admin"));
        assertThat(audit.recent("login", 50)).extracting(AuditTrail.Event::actor).contains("operator", "auditor", "admin");
        // and the audit trail is on the console
        assertThat(ConsoleSession.json(operator.get("/console/api/audit?action=discard")).findValuesAsText("target")).contains(id);
    }

    @Test
    void filtersByAgencyReasonKindAndTime() throws Exception {
        String kodomo = quarantineMalformed("omuta-shogai", "{\"broken\": ");
        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-shogai&reason=MALFORMED_JSON&kind=rejected")))
                .contains(kodomo);
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-jiritsu"))).doesNotContain(kodomo);
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-shogai&reason=SCHEMA_VIOLATION"))).doesNotContain(kodomo);
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-shogai&kind=dead-letter"))).doesNotContain(kodomo);
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-shogai&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(ids(operator.get("/console/api/quarantine?agency=omuta-shogai&from=2000-01-01T00:00:00Z"))).contains(kodomo);
    }

    @Test
    void bulkReplayShowsProgressAndCanBeCancelled() throws Exception {
        List<String> ids = new ArrayList<>();
        try (AgencyClient jiritsu = agency("omuta-jiritsu")) {
            for (int i = 0; i < 30; i++) {
                jiritsu.send("bulk " + i + " not json");
            }
            for (int i = 0; i < 30; i++) {
                assertThat(jiritsu.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()), WAIT)).isNotNull();
            }
        }
        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        for (JsonNode e : ConsoleSession.json(operator.get("/console/api/quarantine?agency=omuta-jiritsu&reason=MALFORMED_JSON"))) {
            ids.add(e.path("quarantineId").asText());
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(30);
        StringBuilder body = new StringBuilder("{\"quarantineIds\": [");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(ids.get(i)).append('"');
        }
        HttpResponse<String> started = operator.post("/console/api/replay-jobs", body.append("]}").toString());
        assertThat(started.statusCode()).isEqualTo(202);
        String jobId = ConsoleSession.json(started).path("jobId").asText();

        // progress moves (one replay per 150 ms here) ...
        JsonNode job = poll(operator, jobId, j -> j.path("replayed").asInt() >= 3);
        assertThat(job.path("status").asText()).isEqualTo("running");
        assertThat(job.path("total").asInt()).isEqualTo(ids.size());
        // ... and a cancel (from another operator's session) stops it before the end
        ConsoleSession other = new ConsoleSession(httpPort);
        other.login("admin", "demo-admin");
        assertThat(other.post("/console/api/replay-jobs/" + jobId + "/cancel", "{}").statusCode()).isEqualTo(200);
        job = poll(operator, jobId, j -> !"running".equals(j.path("status").asText()));
        assertThat(job.path("status").asText()).isEqualTo("cancelled");
        assertThat(job.path("cancelledBy").asText()).isEqualTo("admin");
        int done = job.path("replayed").asInt();
        assertThat(done).isBetween(3, ids.size() - 1);
        Waits.holds("nothing moves after the cancel", Duration.ofMillis(500),
                () -> ConsoleSession.json(operator.get("/console/api/replay-jobs/" + jobId)).path("replayed").asInt() == done);
        assertThat(audit.recent("bulk-replay-cancel", 10)).anyMatch(e -> jobId.equals(e.target()) && "admin".equals(e.actor()));
        assertThat(audit.recent("replay", 200).stream().filter(e -> ("bulk " + jobId).equals(e.detail())).count()).isEqualTo(done);
    }

    @Test
    void dashboardShowsTrafficFromTheDatabaseAndQueuesFromTheBroker() throws Exception {
        var referral = jp.jusou.hub.Messages.referral("omuta-houkatsu-2", "omuta-jiritsu");
        jp.jusou.hub.Messages.payload(referral).with("person").put("name", "集計 確認子");
        assertDelivered(referral);
        try (AgencyClient houkatsu = agency("omuta-houkatsu-2")) {
            houkatsu.send("not json at all");
            assertThat(houkatsu.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()), WAIT)).isNotNull();
        }
        ConsoleSession auditor = new ConsoleSession(httpPort);
        auditor.login("auditor", "demo-auditor");
        // the queue figures follow the broker within a refresh (1 s here)
        JsonNode overview = org.awaitility.Awaitility.await("jiritsu's outbound depth on the overview").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300)).until(() -> {
                    HttpResponse<String> response = auditor.get("/console/api/overview");
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).doesNotContain("集計", "確認子", "古賀");
                    return ConsoleSession.json(response);
                }, o -> agencyIn(o, "omuta-jiritsu").at("/outbound/depth").asLong() >= 1);
        JsonNode jiritsu = agencyIn(overview, "omuta-jiritsu");
        JsonNode houkatsu = agencyIn(overview, "omuta-houkatsu-2");
        assertThat(houkatsu.path("in").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(houkatsu.path("rejected").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(houkatsu.path("lastIn").asText()).isNotEmpty();
        assertThat(houkatsu.at("/connector/state").asText()).isEqualTo("running");
        assertThat(jiritsu.path("out").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(jiritsu.at("/outbound/depth").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(jiritsu.at("/outbound/oldestAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(jiritsu.at("/outbound/consumers").asLong()).isZero();
        assertThat(jiritsu.at("/inbound/consumers").asLong()).isGreaterThanOrEqualTo(1); // the hub's intake
        assertThat(overview.at("/hub/rejectionReasons/MALFORMED_JSON").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(overview.at("/series/minutes").size()).isEqualTo(60);
        long deliveredInSeries = 0;
        for (JsonNode n : overview.at("/series/delivered")) {
            deliveredInSeries += n.asLong();
        }
        assertThat(deliveredInSeries).isGreaterThanOrEqualTo(1);
        assertThat(overview.at("/series/queues/t").size()).isGreaterThan(0);

        String metrics = fetch(httpPort, "/actuator/prometheus");
        assertThat(metrics).containsPattern("hub_queue_oldest_message_age_seconds\\{[^}]*queue=\"hub.outbound.omuta-jiritsu\"");
        assertThat(metrics).containsPattern("hub_queue_consumers\\{[^}]*queue=\"hub.inbound.omuta-jiritsu\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("hub_alerts_active\\{[^}]*rule=\"connector-down\"");
        assertThat(metrics).doesNotContain("集計", "確認子");

        // the Grafana dashboard asks only for metrics the hub exports
        JsonNode grafana = jp.jusou.hub.Messages.JSON.readTree(java.nio.file.Path.of("..", "deploy", "grafana", "jusou-hub.json").toFile());
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String expr : grafana.findValuesAsText("expr")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("hub_[a-z_]+").matcher(expr);
            while (m.find()) {
                names.add(m.group());
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(8);
        for (String name : names) {
            assertThat(metrics).as(name).containsPattern("(?m)^" + name + "\\{");
        }
    }

    @Test
    void aReplayIsLoggedAsJsonWithItsCorrelationIdAndNoContent(CapturedOutput output) throws Exception {
        String id = quarantineMalformed("omuta-takikan", "{\"summary\": \"ログ禁止の相談内容\"");
        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        assertThat(operator.post("/console/api/quarantine/" + id + "/replay", "{}").statusCode()).isEqualTo(202);
        JsonNode line = null;
        for (String l : output.getOut().split("\\R")) {
            if (l.startsWith("{") && l.contains(id) && l.contains("action=replay")) {
                line = jp.jusou.hub.Messages.JSON.readTree(l);
            }
        }
        assertThat(line).as("a JSON log line of the replay").isNotNull();
        assertThat(line.path("quarantineId").asText()).isEqualTo(id);
        assertThat(line.path("log.level").asText(line.at("/log/level").asText())).isEqualTo("INFO");
        assertThat(output.getAll()).doesNotContain("ログ禁止", "相談内容");
    }

    /**
     * A 個人番号 used as an id (messageId, referralId, localId, consentId, caseId) or as a JSON key, in
     * any writing the detector accepts: the message is rejected, and the number appears in no report,
     * console listing or page, stored row or log line; the id is stored masked.
     */
    @Test
    void aMyNumberAsAnIdOrAKeyIsRejectedAndAppearsNowhere(CapturedOutput output) throws Exception {
        List<String> writings = List.of("123456789018", "1234-5678-9018", "1234 5678 9018", "１２３４５６７８９０１８", "１２３４ ５６７８ ９０１８");
        var asIds = jp.jusou.hub.Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        asIds.put("messageId", "123456789018");
        asIds.put("caseId", "1234-5678-9018");
        asIds.putObject("subject").put("localId", "1234 5678 9018");
        asIds.putObject("legalBasis").put("kind", "consent").put("consentId", "1234-5678-9018");
        jp.jusou.hub.Messages.payload(asIds).put("referralId", "1234-5678-9018");
        var asKey = jp.jusou.hub.Messages.referral("omuta-houkatsu-1", "omuta-takikan");
        asKey.put("messageId", "MN-KEY-" + System.nanoTime());
        jp.jusou.hub.Messages.payload(asKey).with("person").put("１２３４ ５６７８ ９０１８", "x");
        asKey.with("subject").put("１２３４５６７８９０１８", "y");

        List<JsonNode> reports = new ArrayList<>();
        try (AgencyClient houkatsu = agency("omuta-houkatsu-1")) {
            houkatsu.send(jp.jusou.hub.Messages.text(asIds));
            reports.add(houkatsu.receiveReport("************", WAIT));
            houkatsu.send(jp.jusou.hub.Messages.text(asKey));
            reports.add(houkatsu.receiveReport(asKey.get("messageId").asText(), WAIT));
        }
        for (JsonNode report : reports) {
            assertThat(report).as("a report").isNotNull();
            assertThat(report.at("/payload/outcome").asText()).isEqualTo("rejected");
            assertThat(report.toString()).doesNotContain(writings);
        }
        assertThat(reports.get(0).findValuesAsText("code")).contains("MY_NUMBER_DETECTED");
        assertThat(reports.get(0).findValuesAsText("path")).contains("$.messageId", "$.payload.referralId", "$.subject.localId");

        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        HttpResponse<String> listing = operator.get("/console/api/quarantine?agency=omuta-houkatsu-1");
        assertThat(listing.body()).contains("************").doesNotContain(writings);
        for (String id : ids(listing)) {
            assertThat(operator.get("/console/api/quarantine/" + id).body()).doesNotContain(writings);
        }
        HttpResponse<String> asked = http("omuta-houkatsu-1").get("/api/v1/messages/123456789018");
        assertThat(asked.statusCode()).as("the sender still finds its outcome").isEqualTo(200);
        assertThat(asked.body()).doesNotContain(writings);

        for (String table : List.of("quarantine", "message_outcome", "delivered_message", "disclosure", "referral", "coordinated_case",
                "subject_identity", "consent", "inbox_message")) {
            assertThat(jdbc.queryForList("SELECT * FROM " + table).toString()).as(table).doesNotContain(writings);
        }
        assertThat(output.getAll()).doesNotContain(writings);
    }

    private static JsonNode agencyIn(JsonNode overview, String id) {
        for (JsonNode a : overview.path("agencies")) {
            if (id.equals(a.path("agencyId").asText())) {
                return a;
            }
        }
        throw new AssertionError("no " + id + " in " + overview);
    }

    private static String fetch(int port, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("prometheus:demo-prometheus".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode poll(ConsoleSession session, String jobId, java.util.function.Predicate<JsonNode> until) {
        return org.awaitility.Awaitility.await("replay job " + jobId).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> ConsoleSession.json(session.get("/console/api/replay-jobs/" + jobId)), until::test);
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return ConsoleSession.json(response).findValuesAsText("quarantineId");
    }

    /** An agency sends something that is not JSON; returns the quarantine id of its copy. */
    private String quarantineMalformed(String agency, String text) throws Exception {
        try (AgencyClient client = agency(agency)) {
            client.send(text);
            assertThat(client.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()), WAIT)).isNotNull();
        }
        ConsoleSession operator = new ConsoleSession(httpPort);
        operator.login("operator", "demo-operator");
        for (JsonNode e : ConsoleSession.json(operator.get("/console/api/quarantine?agency=" + agency + "&reason=MALFORMED_JSON"))) {
            return e.path("quarantineId").asText(); // newest first
        }
        throw new AssertionError("not quarantined");
    }
}
