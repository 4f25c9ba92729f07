package jp.jusou.hub.connectors;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every deployed connector version and which one runs, in the database (the only place connector
 * state lives, so several hub instances agree). Versions are never deleted: rollback re-activates one.
 */
@Component
public class ConnectorRegistry {

    /** @param mappings the CSV mappings pinned with this version (id → YAML text) */
    public record Version(String agencyId, int version, String sourceName, String definition, String sha256,
                          String status, String error, Instant deployedAt, String deployedBy, java.util.Map<String, String> mappings) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static java.util.Map<String, String> mappings(String json) {
        if (json == null || json.isBlank()) {
            return java.util.Map.of();
        }
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("connector_version.mappings is not JSON", e);
        }
    }

    /** @param activeVersion null once undeployed */
    public record State(String agencyId, Integer activeVersion, boolean paused, long revision, Instant changedAt,
                       String changedBy) {
    }

    private final JdbcTemplate jdbc;

    public ConnectorRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<State> states() {
        return jdbc.query("SELECT agency_id, active_version, paused, revision, changed_at, changed_by FROM connector_state ORDER BY agency_id",
                (rs, i) -> new State(rs.getString(1), (Integer) rs.getObject(2), rs.getBoolean(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6)));
    }

    public Optional<State> state(String agencyId) {
        return states().stream().filter(s -> s.agencyId().equals(agencyId)).findFirst();
    }

    public List<Version> versions(String agencyId) {
        return jdbc.query("SELECT agency_id, version, source_name, definition, sha256, status, error, deployed_at, deployed_by,"
                        + " mappings FROM connector_version WHERE agency_id = ? ORDER BY version",
                (rs, i) -> new Version(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9),
                        mappings(rs.getString(10))), agencyId);
    }

    public Optional<Version> version(String agencyId, int version) {
        return versions(agencyId).stream().filter(v -> v.version() == version).findFirst();
    }

    /** Whether this exact definition text was ever deployed for the agency (whatever became of it). */
    public boolean everDeployed(String agencyId, String sha256) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM connector_version WHERE agency_id = ? AND sha256 = ?",
                Integer.class, agencyId, sha256);
        return n != null && n > 0;
    }

    public Optional<Version> latest(String agencyId) {
        List<Version> all = versions(agencyId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Records a new version (status {@code active} or {@code failed}); the primary key stops two instances numbering alike. */
    @Transactional
    public int addVersion(ConnectorDefinition definition, String status, String error, String actor, Instant now) {
        Integer max = jdbc.queryForObject("SELECT MAX(version) FROM connector_version WHERE agency_id = ?", Integer.class,
                definition.id());
        int version = max == null ? 1 : max + 1;
        String pinned;
        try {
            pinned = definition.mappings().isEmpty() ? null : JSON.writeValueAsString(definition.mappings());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("INSERT INTO connector_version (agency_id, version, source_name, definition, sha256, status, error,"
                        + " deployed_at, deployed_by, mappings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                definition.id(), version, definition.source(), definition.text(), definition.sha256(), status,
                error == null ? null : error.substring(0, Math.min(error.length(), 4000)), Timestamp.from(now), actor, pinned);
        if ("active".equals(status)) {
            activate(definition.id(), version, false, actor, now);
        }
        return version;
    }

    /** Makes {@code version} the running one (the others superseded). */
    @Transactional
    public void activate(String agencyId, int version, boolean paused, String actor, Instant now) {
        jdbc.update("UPDATE connector_version SET status = 'superseded' WHERE agency_id = ? AND status = 'active' AND version <> ?",
                agencyId, version);
        jdbc.update("UPDATE connector_version SET status = 'active' WHERE agency_id = ? AND version = ?", agencyId, version);
        upsertState(agencyId, version, paused, actor, now);
    }

    @Transactional
    public void undeploy(String agencyId, String actor, Instant now) {
        jdbc.update("UPDATE connector_version SET status = 'undeployed' WHERE agency_id = ? AND status = 'active'", agencyId);
        upsertState(agencyId, null, false, actor, now);
    }

    @Transactional
    public void setPaused(String agencyId, boolean paused, String actor, Instant now) {
        State state = state(agencyId).orElseThrow();
        upsertState(agencyId, state.activeVersion(), paused, actor, now);
    }

    private void upsertState(String agencyId, Integer version, boolean paused, String actor, Instant now) {
        int updated = jdbc.update("UPDATE connector_state SET active_version = ?, paused = ?, revision = revision + 1,"
                + " changed_at = ?, changed_by = ? WHERE agency_id = ?", version, paused, Timestamp.from(now), actor, agencyId);
        if (updated == 0) {
            jdbc.update("INSERT INTO connector_state (agency_id, active_version, paused, revision, changed_at, changed_by)"
                    + " VALUES (?, ?, ?, 1, ?, ?)", agencyId, version, paused, Timestamp.from(now), actor);
        }
    }
}
