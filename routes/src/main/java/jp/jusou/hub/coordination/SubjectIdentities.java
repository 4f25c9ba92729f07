package jp.jusou.hub.coordination;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The hub's pseudonymous subject ids ({@code S-XXXX-XXXX}) and each agency's local id for the same
 * person. The first referral or consent about a person assigns the id; an agency's local id is mapped
 * when it sends about the person or accepts a referral naming its {@code receiverLocalId}.
 */
@Repository
public class SubjectIdentities {

    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SubjectIdentities(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> find(String agency, String localId) {
        return jdbc.queryForList("SELECT hub_subject_id FROM subject_identity WHERE agency = ? AND local_id = ?", String.class,
                agency, localId).stream().findFirst();
    }

    public boolean exists(String hubSubjectId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM subject_identity WHERE hub_subject_id = ?", Integer.class, hubSubjectId);
        return n != null && n > 0;
    }

    /**
     * Maps an agency's local id to a hub id, unless it is mapped already (first mapping wins): one
     * upsert that leaves an existing row alone (H2 accepts PostgreSQL's {@code ON CONFLICT DO NOTHING}
     * in its PostgreSQL mode), instead of a read and an insert.
     */
    public void map(String agency, String localId, String hubSubjectId) {
        jdbc.update("INSERT INTO subject_identity (agency, local_id, hub_subject_id, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", agency, localId, hubSubjectId, Timestamp.from(clock.instant()));
    }

    public static String newId() {
        StringBuilder id = new StringBuilder("S-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                id.append('-');
            }
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** An erasure: deletes every agency's local id of a subject; returns how many mappings were removed. */
    public int eraseMappings(String hubSubjectId) {
        return jdbc.update("DELETE FROM subject_identity WHERE hub_subject_id = ?", hubSubjectId);
    }
}
