package jp.jusou.hub.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.platform.DataKeys;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.KeyProperties;
import jp.jusou.hub.platform.MasterKey;
import jp.jusou.hub.platform.Sealing;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Coordination's stores on a database of their own (H2 in PostgreSQL mode, migrated by Flyway), for
 * unit tests of the coordination steps: no hub, no Spring context. The clock is fixed.
 */
final class CoordinationStore {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T03:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    final JdbcTemplate jdbc;
    final Referrals referrals;
    final SubjectIdentities subjects;
    final Cases cases;

    CoordinationStore(Path keyDir) {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:coordination-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(db);
        referrals = new Referrals(jdbc, CLOCK);
        subjects = new SubjectIdentities(jdbc, CLOCK);
        MasterKey master = new MasterKey(new KeyProperties("", true),
                new HubProperties(keyDir.toString(), 0, false, null, null, null, null, null, null));
        cases = new Cases(jdbc, CLOCK, new Sealing(new DataKeys(jdbc, master, CLOCK, new DataSourceTransactionManager(db))));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A parsed, validated message of this type: {@code fields} are the envelope's fields besides type and sender. */
    static HubMessage message(MessageType type, String sender, String messageId, String fields) {
        HubMessage message = new HubMessage(sender, "core:" + messageId);
        String body = "{'messageId': '" + messageId + "', 'sender': '" + sender + "', 'municipality': '402028'"
                + (fields.isEmpty() ? "" : ", " + fields) + "}";
        message.tree(json(body));
        message.text(body.replace('\'', '"'), body.length());
        message.type(type);
        return message;
    }

    /** A referral-status about {@code referralId}, with the status (and reason, when not null). */
    static HubMessage status(String sender, String messageId, String referralId, String status, String reason) {
        return message(MessageType.REFERRAL_STATUS, sender, messageId, "'payload': {'referralId': '" + referralId
                + "', 'status': '" + status + "'" + (reason == null ? "" : ", 'reason': '" + reason + "'") + "}");
    }

    /** A referral recorded as the pipeline records one it delivered. */
    void opened(String referralId, String requester, String receiver, String hubSubjectId) {
        referrals.recordOpened(referralId, requester, receiver, "L-" + referralId, "M-" + referralId,
                java.time.LocalDate.of(2026, 6, 8), hubSubjectId);
    }

    /** Empties the stores between tests (migrating a database anew for each takes seconds). */
    CoordinationStore clear() {
        for (String table : new String[] {"referral_event", "referral", "subject_identity", "coordinated_case"}) {
            jdbc.update("DELETE FROM " + table);
        }
        return this;
    }

    Referrals.Referral referral(String requester, String referralId) {
        return referrals.find(requester, referralId).orElseThrow();
    }
}
