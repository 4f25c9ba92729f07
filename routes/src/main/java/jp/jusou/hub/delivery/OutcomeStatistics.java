package jp.jusou.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Counts over the recorded outcomes, for the operator console: read from the database, so every hub
 * instance shows the same numbers. Agency ids, reason codes, counts and times only.
 */
@Repository
public class OutcomeStatistics {

    /** One agency's traffic since a moment: messages it sent (by outcome), copies it received, and the latest of each. */
    public static final class AgencyCounts {
        public long in;
        public long delivered;
        public long rejected;
        public long duplicate;
        public long out;
        public Instant lastIn;
        public Instant lastOut;
    }

    /** Messages per minute (epoch minute → count) for each outcome. */
    public record Series(Map<Long, Long> delivered, Map<Long, Long> rejected, Map<Long, Long> duplicate) {
    }

    private final JdbcTemplate jdbc;

    public OutcomeStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per agency: counts since {@code countsSince}, and the latest message in and out since {@code lastSince}. */
    public Map<String, AgencyCounts> perAgency(Instant countsSince, Instant lastSince) {
        Map<String, AgencyCounts> result = new HashMap<>();
        Timestamp counts = Timestamp.from(countsSince);
        jdbc.query("SELECT sender, outcome, COUNT(*) FROM message_outcome WHERE recorded_at >= ? GROUP BY sender, outcome",
                (RowCallbackHandler) rs -> {
                    AgencyCounts c = result.computeIfAbsent(rs.getString(1), k -> new AgencyCounts());
                    long n = rs.getLong(3);
                    c.in += n;
                    switch (rs.getString(2)) {
                        case "delivered" -> c.delivered += n;
                        case "rejected" -> c.rejected += n;
                        default -> c.duplicate += n;
                    }
                }, counts);
        jdbc.query("SELECT recipients, COUNT(*) FROM message_outcome WHERE outcome = 'delivered' AND recorded_at >= ?"
                + " GROUP BY recipients", (RowCallbackHandler) rs -> {
                    for (String recipient : split(rs.getString(1))) {
                        result.computeIfAbsent(recipient, k -> new AgencyCounts()).out += rs.getLong(2);
                    }
                }, counts);
        Timestamp last = Timestamp.from(lastSince);
        jdbc.query("SELECT sender, MAX(recorded_at) FROM message_outcome WHERE recorded_at >= ? GROUP BY sender",
                (RowCallbackHandler) rs -> result.computeIfAbsent(rs.getString(1), k -> new AgencyCounts()).lastIn =
                        rs.getTimestamp(2).toInstant(), last);
        jdbc.query("SELECT recipients, MAX(recorded_at) FROM message_outcome WHERE outcome = 'delivered' AND recorded_at >= ?"
                + " GROUP BY recipients", (RowCallbackHandler) rs -> {
                    Instant at = rs.getTimestamp(2).toInstant();
                    for (String recipient : split(rs.getString(1))) {
                        AgencyCounts c = result.computeIfAbsent(recipient, k -> new AgencyCounts());
                        if (c.lastOut == null || c.lastOut.isBefore(at)) {
                            c.lastOut = at;
                        }
                    }
                }, last);
        return result;
    }

    /** Rejections since a moment, per reason code (a message with two reasons counts for both). */
    public Map<String, Long> rejectionReasons(Instant since) {
        Map<String, Long> reasons = new TreeMap<>();
        jdbc.query("SELECT reason_codes, COUNT(*) FROM message_outcome WHERE outcome = 'rejected' AND recorded_at >= ?"
                + " GROUP BY reason_codes", (RowCallbackHandler) rs -> {
                    for (String code : split(rs.getString(1))) {
                        reasons.merge(code, rs.getLong(2), Long::sum);
                    }
                }, Timestamp.from(since));
        return reasons;
    }

    /** Outcomes per minute since a moment. */
    public Series perMinute(Instant since) {
        Series series = new Series(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        jdbc.query("SELECT bucket, outcome, COUNT(*) FROM (SELECT FLOOR(EXTRACT(EPOCH FROM recorded_at) / 60) AS bucket, outcome"
                + " FROM message_outcome WHERE recorded_at >= ?) t GROUP BY bucket, outcome", (RowCallbackHandler) rs -> {
                    Map<Long, Long> target = switch (rs.getString(2)) {
                        case "delivered" -> series.delivered();
                        case "rejected" -> series.rejected();
                        default -> series.duplicate();
                    };
                    target.merge(rs.getLong(1), rs.getLong(3), Long::sum);
                }, Timestamp.from(since));
        return series;
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return List.of(list.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
