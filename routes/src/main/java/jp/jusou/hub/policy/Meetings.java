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
public class Meetings {

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

    /** Registers a meeting or replaces its members (appointments change); returns true if it was new. */
    public boolean register(String meetingId, String municipality, String type, List<String> members, String by) {
        boolean exists = find(meetingId).isPresent();
        Timestamp now = Timestamp.from(clock.instant());
        if (exists) {
            jdbc.update("UPDATE meeting SET members = ?, registered_by = ?, registered_at = ? WHERE meeting_id = ?",
                    String.join(",", members), by, now, meetingId);
        } else {
            jdbc.update("INSERT INTO meeting (meeting_id, municipality, meeting_type, members, registered_by, registered_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", meetingId, municipality, type, String.join(",", members), by, now);
        }
        return !exists;
    }
}
