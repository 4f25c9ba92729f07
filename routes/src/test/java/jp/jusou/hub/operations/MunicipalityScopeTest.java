package jp.jusou.hub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.AgencyClient;
import jp.jusou.hub.HttpAgency;
import jp.jusou.hub.HubTestSupport;
import jp.jusou.hub.TestDates;
import jp.jusou.hub.accounts.Accounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account of one municipality sees and acts only on its municipality's agencies, queues,
 * quarantine, alerts and audit entries, in the console and the API; another municipality's item
 * answers 404 (its existence is not revealed). A provider account sees both. The demo's operators:
 * {@code omuta-operator} (大牟田市 402028), {@code kurume-operator} (久留米市 402036), {@code operator} (all).
 */
class MunicipalityScopeTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    Accounts accounts;

    private static String omutaEntry; // once per class (JUnit makes an instance per test)
    private static String kurumeEntry;

    @BeforeEach
    void quarantineOnePerMunicipality() throws Exception {
        if (omutaEntry != null && jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE quarantine_id = ?", Integer.class,
                omutaEntry) == 1) {
            return;
        }
        omutaEntry = quarantineMalformed("omuta-kodomo");
        kurumeEntry = quarantineMalformed("kurume-houkatsu-1");
        Timestamp now = Timestamp.from(TestDates.now());
        for (String target : List.of("hub.inbound.kurume-houkatsu-1", "omuta-kodomo")) {
            jdbc.update("INSERT INTO alert_state (rule_id, target, raised, episode, reading, threshold, raised_at) VALUES"
                    + " ('queue-depth', ?, TRUE, 1, 900, 500, ?)", target, now);
        }
    }

    @Test
    void anOperatorOfOmutaSeesAndActsOnOmutaOnly() {
        ConsoleSession omuta = new ConsoleSession(httpPort);
        omuta.login("omuta-operator", "demo-omuta-operator");

        String list = omuta.get("/console/api/quarantine?status=all").body();
        assertThat(list).contains(omutaEntry).doesNotContain(kurumeEntry, "kurume-houkatsu-1");
        assertThat(omuta.get("/console/api/quarantine/" + omutaEntry).statusCode()).isEqualTo(200);
        for (String path : List.of("/console/api/quarantine/" + kurumeEntry, "/console/api/quarantine/Q-does-not-exist")) {
            HttpResponse404.assertNotFound(omuta.get(path));
        }
        HttpResponse404.assertNotFound(omuta.post("/console/api/quarantine/" + kurumeEntry + "/replay", "{}"));
        HttpResponse404.assertNotFound(omuta.post("/console/api/quarantine/" + kurumeEntry + "/discard", "{\"reason\": \"not mine\"}"));
        HttpResponse404.assertNotFound(omuta.post("/console/api/replay-jobs", "{\"quarantineIds\": [\"" + omutaEntry + "\", \""
                + kurumeEntry + "\"]}"));
        HttpResponse404.assertNotFound(omuta.post("/console/api/connectors/kurume-houkatsu-1/pause", "{}"));
        assertThat(jdbc.queryForObject("SELECT status FROM quarantine WHERE quarantine_id = ?", String.class, kurumeEntry))
                .as("nothing happened to 久留米's entry").isEqualTo("quarantined");

        assertThat(omuta.get("/console/api/connectors").body()).contains("omuta-kodomo").doesNotContain("kurume");
        JsonNode overview = ConsoleSession.json(omuta.get("/console/api/overview"));
        List<String> agencies = new ArrayList<>();
        overview.path("agencies").forEach(a -> agencies.add(a.path("agencyId").asText()));
        assertThat(agencies).contains("omuta-kodomo", "omuta-takikan").doesNotContain("kurume-houkatsu-1");
        assertThat(overview.path("alerts").toString()).contains("omuta-kodomo").doesNotContain("kurume");
        assertThat(omuta.get("/console/api/alerts").body()).contains("omuta-kodomo").doesNotContain("kurume");

        // acting on its own municipality works, and the audit entry is its municipality's
        assertThat(omuta.post("/console/api/quarantine/" + omutaEntry + "/discard", "{\"reason\": \"test\"}").statusCode()).isEqualTo(200);
        ConsoleSession provider = new ConsoleSession(httpPort);
        provider.login("operator", "demo-operator");
        assertThat(provider.post("/console/api/quarantine/" + kurumeEntry + "/discard", "{\"reason\": \"provider\"}").statusCode())
                .isEqualTo(200);
        String omutaAudit = omuta.get("/console/api/audit").body();
        assertThat(omutaAudit).contains(omutaEntry, "omuta-operator").doesNotContain(kurumeEntry);
        String kurumeAudit = loggedIn("kurume-operator").get("/console/api/audit").body();
        assertThat(kurumeAudit).contains(kurumeEntry).doesNotContain(omutaEntry, "omuta-operator");
    }

    @Test
    void theApiIsScopedTheSameWay() throws Exception {
        String omutaWaiting = quarantineMalformed("omuta-shogai");
        String kurumeWaiting = quarantineMalformed("kurume-houkatsu-1");
        HttpAgency omuta = new HttpAgency("http://127.0.0.1:" + httpPort, "omuta-operator", "demo-omuta-operator");
        assertThat(omuta.get("/api/v1/quarantine").body()).contains(omutaWaiting).doesNotContain(kurumeWaiting);
        HttpResponse404.assertNotFound(omuta.post("/api/v1/quarantine/" + kurumeWaiting + "/replay", "{}"));
        HttpAgency kurume = new HttpAgency("http://127.0.0.1:" + httpPort, "kurume-operator", "demo-kurume-operator");
        assertThat(kurume.get("/api/v1/quarantine").body()).contains(kurumeWaiting).doesNotContain(omutaWaiting);
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator").get("/api/v1/quarantine").body())
                .contains(omutaWaiting, kurumeWaiting);

        // the connector admin API (hubctl list/status/pause/...): 久留米's connector is not there for 大牟田
        assertThat(omuta.get("/api/v1/connectors").body()).contains("omuta-kodomo").doesNotContain("kurume");
        assertThat(omuta.get("/api/v1/connectors/omuta-kodomo").statusCode()).isEqualTo(200);
        HttpResponse404.assertNotFound(omuta.get("/api/v1/connectors/kurume-houkatsu-1"));
        HttpResponse404.assertNotFound(omuta.post("/api/v1/connectors/kurume-houkatsu-1/pause", ""));
        HttpResponse404.assertNotFound(omuta.delete("/api/v1/connectors/kurume-houkatsu-1"));
        assertThat(omuta.post("/api/v1/connectors", "agency: {id: kurume-houkatsu-1}").statusCode())
                .as("a YAML may name any agency: deploying is for provider accounts").isEqualTo(403);
        assertThat(new HttpAgency("http://127.0.0.1:" + httpPort, "operator", "demo-operator").get("/api/v1/connectors").body())
                .contains("omuta-kodomo", "kurume-houkatsu-1");
    }

    @Test
    void hubWideRecordsAreForProviderAccountsOnly() {
        String base = "http://127.0.0.1:" + httpPort;
        accounts.addIfAbsent("omuta-auditor", "AUDITOR", "402028", "demo-omuta-auditor");
        // every municipality's message counts, the whole disclosure ledger, any subject's erasure
        assertThat(new HttpAgency(base, "omuta-operator", "demo-omuta-operator").get("/actuator/prometheus").statusCode())
                .isEqualTo(403);
        HttpAgency omutaAuditor = new HttpAgency(base, "omuta-auditor", "demo-omuta-auditor");
        assertThat(omutaAuditor.get("/api/v1/disclosures?subjectId=S-0001").statusCode()).isEqualTo(403);
        assertThat(omutaAuditor.get("/api/v1/disclosures/verify").statusCode()).isEqualTo(403);
        assertThat(omutaAuditor.post("/api/v1/subjects/S-0001/erasure", "").statusCode()).isEqualTo(403);
        // the same logins of the whole hub pass the door
        assertThat(new HttpAgency(base, "operator", "demo-operator").get("/actuator/prometheus").statusCode())
                .isNotIn(401, 403); // (this test hub exports no metrics: 404 past the door)
        assertThat(new HttpAgency(base, "auditor", "demo-auditor").get("/api/v1/disclosures/verify").statusCode())
                .isNotIn(401, 403);
    }

    @Test
    void aProviderAccountSeesBothMunicipalities() {
        ConsoleSession provider = loggedIn("operator");
        assertThat(provider.get("/console/api/quarantine?status=all").body()).contains(omutaEntry, kurumeEntry);
        assertThat(provider.get("/console/api/alerts").body()).contains("omuta-kodomo", "kurume-houkatsu-1");
        assertThat(provider.get("/console/api/connectors").body()).contains("omuta-kodomo", "kurume-houkatsu-1");
        assertThat(ConsoleSession.json(provider.get("/console/api/me")).path("municipality").isNull()).isTrue();
    }

    private ConsoleSession loggedIn(String user) {
        ConsoleSession session = new ConsoleSession(httpPort);
        assertThat(session.login(user, "demo-" + user)).endsWith("/console/index.html");
        return session;
    }

    private String quarantineMalformed(String agency) throws Exception {
        try (AgencyClient client = agency(agency)) {
            client.send("{\"not json");
            assertThat(client.receiveWhere(r -> "MALFORMED_JSON".equals(r.at("/payload/reasons/0/code").asText()), WAIT)).isNotNull();
        }
        ConsoleSession provider = loggedIn("operator");
        for (JsonNode e : ConsoleSession.json(provider.get("/console/api/quarantine?agency=" + agency + "&reason=MALFORMED_JSON"))) {
            return e.path("quarantineId").asText();
        }
        throw new AssertionError("not quarantined");
    }

    /** Another municipality's item and a missing one answer alike: 404 with the same code, nothing of the item. */
    private static final class HttpResponse404 {
        static void assertNotFound(java.net.http.HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            JsonNode problem = ConsoleSession.json(response);
            assertThat(problem.path("code").asText()).isIn("NOT_FOUND", "NOT_IN_QUARANTINE", "UNKNOWN_CONNECTOR");
            assertThat(problem.has("entry")).isFalse();
        }
    }
}
