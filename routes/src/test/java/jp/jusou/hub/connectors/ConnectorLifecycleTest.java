package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A connector's whole life on a running hub — deploy, update (good, invalid, failing to start),
 * roll back, pause, resume, undeploy — while another agency's messages keep flowing; at the end
 * every message sent during it has exactly one outcome and one report.
 */
class ConnectorLifecycleTest extends HubTestSupport {

    static final String NEW_AGENCY = "omuta-sanka";
    static final String V1 = """
            # 大牟田市 参加支援 (a center added while the hub runs)
            agency:
              id: omuta-sanka
              name: 大牟田市参加支援事業所
              kind: other
              municipality: "402028"
              operator: NPO法人 みらい（架空）
            secret:
              env: HUB_SECRET_OMUTA_SANKA
            inbound:
              transport: broker
            outbound:
              transport: broker
            """;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectorProperties connectorProperties;

    HttpAgency operator() {
        return new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator");
    }

    HttpResponse<String> deploy(String file, String yaml) {
        return operator().post("/api/v1/connectors?file=" + file, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return Messages.JSON.readTree(response.body());
    }

    /** A consent grant of the agency's own: delivered (registered) and reported, needs no other set-up. */
    static String sendConsent(AgencyClient client, String agency) {
        var consent = Messages.testConsent(agency);
        Messages.payload(consent).put("consentId", "CN-L-" + UUID.randomUUID());
        client.send(Messages.text(consent));
        return consent.get("messageId").asText();
    }

    JsonNode report(AgencyClient client, String messageId) {
        return client.receiveReport(messageId, Duration.ofSeconds(20));
    }

    @Test
    void aConnectorLivesItsWholeLifeWhileMessagesFlow() throws Exception {
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<String> background = Collections.synchronizedList(new ArrayList<>());
        Thread sender = new Thread(() -> {
            try (AgencyClient client = agency("omuta-houkatsu-2")) {
                while (flowing.get()) {
                    background.add(sendConsent(client, "omuta-houkatsu-2"));
                    Thread.sleep(40); // paces the background traffic (about 25 a second) while the connector changes
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        try {
            wholeLife();
        } finally {
            flowing.set(false);
            sender.join();
        }
        // the other agency's flow was never interrupted: each message exactly one outcome and one report
        assertThat(background).hasSizeGreaterThan(20);
        Set<String> reported = new HashSet<>();
        try (AgencyClient houkatsu2 = agency("omuta-houkatsu-2")) {
            for (JsonNode m : houkatsu2.drain(Duration.ofSeconds(3))) {
                if ("delivery-report".equals(m.path("type").asText())) {
                    assertThat(reported.add(m.at("/payload/inReplyTo").asText())).as("one report per message").isTrue();
                }
            }
        }
        assertThat(reported).containsAll(background);
        assertThat(outcomes(background)).isEqualTo(background.size());
    }

    private void wholeLife() throws Exception {
        // deploy a new center
        HttpResponse<String> deployed = deploy("omuta-sanka.yaml", V1);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        assertThat(json(deployed).path("version").asInt()).isEqualTo(1);
        assertThat(json(deployed).path("action").asText()).isEqualTo("deploy");
        try (AgencyClient sanka = agency(NEW_AGENCY)) {
            String id = sendConsent(sanka, NEW_AGENCY);
            assertThat(report(sanka, id).at("/payload/outcome").asText()).isEqualTo("delivered");
        }
        // the same text again changes nothing
        assertThat(json(deploy("omuta-sanka.yaml", V1)).path("action").asText()).isEqualTo("unchanged");

        // a good update
        HttpResponse<String> updated = deploy("omuta-sanka.yaml", V1.replace("大牟田市参加支援事業所", "大牟田市参加支援センター"));
        assertThat(updated.statusCode()).isEqualTo(201);
        assertThat(json(updated).path("version").asInt()).isEqualTo(2);
        assertThat(json(operator().get("/api/v1/connectors/" + NEW_AGENCY)).at("/status/name").asText())
                .isEqualTo("大牟田市参加支援センター");

        // an invalid update: 422 naming the file, the line and the problem; version 2 keeps running
        HttpResponse<String> invalid = deploy("omuta-sanka.yaml", V1.replace("transport: broker\noutbound", "transport: carrier-pigeon\noutbound"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode error = json(invalid).path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("omuta-sanka.yaml");
        assertThat(error.path("line").asInt()).isEqualTo(11);
        assertThat(error.path("path").asText()).isEqualTo("$.inbound.transport");
        assertThat(error.path("message").asText()).contains("broker");

        // an update that fails to start (its directory, under the exchange root, cannot be created): a new destination, so it
        // waits for a second admin; once approved it is recorded as failed, version 2 runs on
        Path exchange = Files.createDirectories(Path.of(connectorProperties.exchangeDir()));
        Path blocker = Files.createTempFile(exchange, "not-a-directory", ".txt");
        HttpResponse<String> proposed = deploy("omuta-sanka.yaml", V1.replace("outbound:\n  transport: broker",
                "outbound:\n  transport: file\n  format: json\n  directory: " + blocker.getFileName().resolve("out")));
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        HttpResponse<String> failing = new HttpAgency("http://127.0.0.1:" + httpPort, "admin", "demo-admin")
                .post("/api/v1/connector-changes/" + json(proposed).path("changeId").asText() + "/approve", new byte[0], null);
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(409);
        assertThat(json(failing).path("code").asText()).isEqualTo("CONNECTOR_START_FAILED");
        JsonNode detail = json(operator().get("/api/v1/connectors/" + NEW_AGENCY));
        assertThat(detail.at("/status/version").asInt()).isEqualTo(2);
        assertThat(detail.at("/status/state").asText()).isEqualTo("running");
        assertThat(detail.at("/versions/2/status").asText()).isEqualTo("failed");
        try (AgencyClient sanka = agency(NEW_AGENCY)) {
            String id = sendConsent(sanka, NEW_AGENCY);
            assertThat(report(sanka, id).at("/payload/outcome").asText()).isEqualTo("delivered");
        }

        // roll back to version 1
        HttpResponse<String> rolledBack = operator().post("/api/v1/connectors/" + NEW_AGENCY + "/rollback", new byte[0], null);
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(json(rolledBack).path("version").asInt()).isEqualTo(1);
        assertThat(json(operator().get("/api/v1/connectors/" + NEW_AGENCY)).at("/status/name").asText())
                .isEqualTo("大牟田市参加支援事業所");

        // pause: what the agency sends waits on its queue; resume: all of it goes through
        assertThat(json(operator().post("/api/v1/connectors/" + NEW_AGENCY + "/pause", new byte[0], null)).path("state").asText())
                .isEqualTo("paused");
        try (AgencyClient sanka = agency(NEW_AGENCY)) {
            List<String> held = List.of(sendConsent(sanka, NEW_AGENCY), sendConsent(sanka, NEW_AGENCY), sendConsent(sanka, NEW_AGENCY));
            assertThat(sanka.receiveRaw(Duration.ofSeconds(2))).as("nothing is processed while paused").isNull();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE message_id IN (?, ?, ?)", Integer.class,
                    held.toArray())).isZero();
            operator().post("/api/v1/connectors/" + NEW_AGENCY + "/resume", new byte[0], null);
            for (String id : held) {
                assertThat(report(sanka, id)).as("report after resume").isNotNull();
            }
            assertThat(outcomes(held)).isEqualTo(3);
        }

        // the broker security generated for a connector deployed at runtime: its own queues, no one else's
        try (AgencyClient sanka = agency(NEW_AGENCY)) {
            jakarta.jms.Session session = sanka.session();
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.inbound.omuta-jiritsu"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.outbound.omuta-jiritsu")).receive(500))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
        }

        // undeploy right after a burst: everything already handed in is processed, then the login is gone
        List<String> burst = new ArrayList<>();
        try (AgencyClient sanka = agency(NEW_AGENCY)) {
            for (int i = 0; i < 20; i++) {
                burst.add(sendConsent(sanka, NEW_AGENCY));
            }
        }
        HttpResponse<String> undeployed = operator().delete("/api/v1/connectors/" + NEW_AGENCY);
        assertThat(undeployed.statusCode()).as(undeployed.body()).isEqualTo(200);
        assertThat(outcomes(burst)).as("every message handed in before the undeploy has its outcome").isEqualTo(20);
        assertThatThrownBy(() -> agency(NEW_AGENCY).close()).as("no broker login after undeploy")
                .hasMessageContaining("AMQ229031"); // unable to validate user
        assertThat(http(NEW_AGENCY).get("/api/v1/inbox").statusCode()).isEqualTo(401);
        assertThat(json(operator().get("/api/v1/connectors")).path("connectors").findValuesAsText("agencyId"))
                .doesNotContain(NEW_AGENCY).contains("omuta-takikan");

    }

    @Test
    void aValidationErrorNamesFileLineAndProblem() throws Exception {
        HttpResponse<String> response = deploy("broken.yaml", """
                agency:
                  id: Omuta_Bad
                  name: x
                  kind: houkatsu
                  municipality: "402029"
                secret: {env: X}
                inbound: {transport: file}
                outbound: {transport: broker}
                """);
        assertThat(response.statusCode()).isEqualTo(422);
        List<String> errors = json(response).path("errors").findValuesAsText("message");
        List<Integer> lines = new ArrayList<>();
        json(response).path("errors").forEach(e -> lines.add(e.path("line").asInt()));
        assertThat(json(response).path("errors").findValuesAsText("path")).contains("$.agency.id", "$.inbound");
        assertThat(lines).contains(2, 7);
        assertThat(errors).anyMatch(m -> m.contains("directory"));
        HttpResponse<String> yaml = deploy("broken.yaml", "agency: [unclosed\n");
        assertThat(yaml.statusCode()).isEqualTo(422);
        assertThat(json(yaml).at("/errors/0/message").asText()).startsWith("not valid YAML");
        assertThat(http("omuta-jiritsu").post("/api/v1/connectors", V1).statusCode()).as("agencies may not deploy").isEqualTo(403);
    }

    @Autowired
    ConnectorRegistry registry;

    @Autowired
    ConnectorRuntime runtime;

    @Autowired
    org.apache.camel.CamelContext camel;

    /**
     * Several hub instances share one database: a change another instance made there (here written
     * to the registry directly, as that instance would) is followed by this one within a poll.
     */
    @Test
    void aChangeMadeByAnotherInstanceIsFollowed() throws Exception {
        java.time.Instant now = jp.jusou.hub.TestDates.now();
        registry.setPaused("omuta-kodomo", true, "hub-2", now);
        FileTransportTest.await(() -> camel.getRouteController().getRouteStatus("intake-broker-omuta-kodomo")
                == org.apache.camel.ServiceStatus.Stopped);
        assertThat(runtime.status("omuta-kodomo").orElseThrow().state()).isEqualTo("paused");
        registry.setPaused("omuta-kodomo", false, "hub-2", now);
        FileTransportTest.await(() -> camel.getRouteController().getRouteStatus("intake-broker-omuta-kodomo")
                == org.apache.camel.ServiceStatus.Started);

        ConnectorDefinition renamed = runtime.definitions().parse("omuta-kodomo.yaml", """
                agency: {id: omuta-kodomo, name: 大牟田市こども家庭センター（新庁舎）, kind: kodomo, municipality: "402028"}
                secret: {env: HUB_SECRET_OMUTA_KODOMO}
                inbound: {transport: broker}
                outbound: {transport: broker}
                """);
        int version = registry.addVersion(renamed, "active", null, "hub-2", now);
        FileTransportTest.await(() -> runtime.status("omuta-kodomo").map(s -> s.version() == version).orElse(false));
        assertThat(runtime.status("omuta-kodomo").orElseThrow().name()).isEqualTo("大牟田市こども家庭センター（新庁舎）");
        try (AgencyClient kodomo = agency("omuta-kodomo")) {
            String id = sendConsent(kodomo, "omuta-kodomo");
            assertThat(report(kodomo, id).at("/payload/outcome").asText()).isEqualTo("delivered");
        }

        registry.undeploy("omuta-kodomo", "hub-2", now);
        FileTransportTest.await(() -> camel.getRoute("intake-broker-omuta-kodomo") == null);
        assertThat(runtime.status("omuta-kodomo")).isEmpty();
    }

    /** How many of the messages have an outcome, once every one has (at most one each, checked on every look). */
    private int outcomes(List<String> messageIds) {
        Set<String> ids = new HashSet<>(messageIds);
        return org.awaitility.Awaitility.await("an outcome for every message").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    int found = 0;
                    for (String id : ids) {
                        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM message_outcome WHERE message_id = ?", Integer.class, id);
                        assertThat(n).as("outcomes of " + id).isLessThanOrEqualTo(1);
                        found += n;
                    }
                    return found;
                }, found -> found == ids.size());
    }
}
