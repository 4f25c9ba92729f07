package jp.jusou.hub.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** 支援会議 (Social Welfare Act art. 106-6) and their members, as the coordinator registers them. */
@Repository
class Meetings {

    public record Meeting(String meetingId, String municipality, String type, List<String> members, String registeredBy) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Meetings(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Meeting> find(String meetingId) {
        return jdbc.query("SELECT * FROM meeting WHERE meeting_id = ?", (rs, i) -> new Meeting(rs.getString("meeting_id"),
                rs.getString("municipality"), rs.getString("meeting_type"), Arrays.asList(rs.getString("members").split(",")),
                rs.getString("registered_by")), meetingId).stream().findFirst();
    }

    /** What a registration did. */
    public enum Registered { CREATED, UPDATED, OWNED_BY_ANOTHER }

    /**
     * Registers a meeting, or replaces its members (appointments change) when {@code by} registered
     * it. A meeting belongs to the coordinator that registered it: another agency's registration under
     * the same id changes nothing, or it could add itself to a 支援会議 and read what is shared there.
     */
    public Registered register(String meetingId, String municipality, String type, List<String> members, String by) {
        Timestamp now = Timestamp.from(clock.instant());
        Optional<Meeting> existing = find(meetingId);
        if (existing.isEmpty()) {
            jdbc.update("INSERT INTO meeting (meeting_id, municipality, meeting_type, members, registered_by, registered_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", meetingId, municipality, type, String.join(",", members), by, now);
            return Registered.CREATED;
        }
        // the owner in the WHERE clause too: the row, not this read, decides who may change it
        int updated = jdbc.update("UPDATE meeting SET members = ?, registered_at = ? WHERE meeting_id = ? AND registered_by = ?",
                String.join(",", members), now, meetingId, by);
        return updated == 1 ? Registered.UPDATED : Registered.OWNED_BY_ANOTHER;
    }
}
