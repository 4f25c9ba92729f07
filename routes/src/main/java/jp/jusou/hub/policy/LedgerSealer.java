package jp.jusou.hub.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the disclosure ledger: every few seconds, the entries no seal covers yet (in sequence order,
 * committed ones only) get one {@code ledger_seal} row holding the RFC 6962 Merkle root of their
 * leaves (each entry's MAC; before V17, its old hash), the previous seal's MAC and its own MAC under
 * the active ledger key; {@code ledger_sealed} lists the entries it covers. Removing or changing a
 * sealed entry, or a seal, is then detected by {@link LedgerVerifier}.
 *
 * <p>Every hub instance runs the sealer, and one seal is made at a time across them without a lease:
 * the seal number is the primary key, so of two instances sealing at once one inserts seal N and the
 * other's insert fails and rolls back (it seals the rest next time). Deliveries never wait on it: an
 * entry whose transaction has not committed yet is simply not seen, and is sealed by a later seal.
 */
@Component
class LedgerSealer {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerSealer.class);

    record Seal(long sealNo, Instant sealedAt, int entries, long firstSeq, long lastSeq, String root, String prevMac,
                String keyId, String mac) {

        String macText() {
            return String.join("\u001F", "seal-v1", Long.toString(sealNo), sealedAt.toString(), Integer.toString(entries),
                    Long.toString(firstSeq), Long.toString(lastSeq), root, prevMac, String.valueOf(keyId));
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LedgerKeys keys;
    private final Clock clock;
    private final int batch;

    public LedgerSealer(JdbcTemplate jdbc, TransactionTemplate transaction, LedgerKeys keys, Clock clock,
                        LedgerProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.keys = keys;
        this.clock = clock;
        this.batch = properties.sealBatch();
    }

    @Scheduled(initialDelayString = "PT1S", fixedDelayString = LedgerProperties.SEAL_INTERVAL_SETTING)
    @SchedulerLock(name = "ledger-sealer", lockAtMostFor = "PT30M")
    public void sealPeriodically() {
        try {
            while (seal() == batch) {
                // a backlog (the first start after V17, or a long pause): seal it in batches
            }
        } catch (DuplicateKeyException another) {
            LOG.debug("Another instance made this seal");
        } catch (DataAccessException e) {
            LOG.warn("Sealing the disclosure ledger failed ({}); next time", e.getClass().getSimpleName());
        }
    }

    /** Seals the entries no seal covers yet (at most one batch); returns how many it sealed. */
    public int seal() {
        Integer sealed = transaction.execute(status -> sealOnce());
        return sealed == null ? 0 : sealed;
    }

    private int sealOnce() {
        List<long[]> seqs = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        jdbc.query("SELECT seq, mac, entry_hash FROM disclosure d WHERE NOT EXISTS (SELECT 1 FROM ledger_sealed s WHERE s.seq = d.seq)"
                + " ORDER BY seq LIMIT ?", rs -> {
                    seqs.add(new long[] {rs.getLong(1)});
                    leaves.add(rs.getString(2) != null ? rs.getString(2) : rs.getString(3));
                }, batch);
        if (seqs.isEmpty()) {
            return 0;
        }
        Seal last = latest();
        long sealNo = last == null ? 1 : last.sealNo() + 1;
        String prevMac = last == null ? DisclosureLedger.GENESIS : last.mac();
        Seal seal = new Seal(sealNo, clock.instant().truncatedTo(ChronoUnit.MICROS), seqs.size(), seqs.get(0)[0],
                seqs.get(seqs.size() - 1)[0], Merkle.root(leaves), prevMac, keys.activeKeyId(), null);
        jdbc.update("INSERT INTO ledger_seal (seal_no, sealed_at, entries, first_seq, last_seq, root, prev_mac, key_id, mac)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", seal.sealNo(), Timestamp.from(seal.sealedAt()), seal.entries(),
                seal.firstSeq(), seal.lastSeq(), seal.root(), seal.prevMac(), seal.keyId(), keys.mac(seal.macText()));
        jdbc.batchUpdate("INSERT INTO ledger_sealed (seq, seal_no) VALUES (?, ?)",
                seqs.stream().map(s -> new Object[] {s[0], sealNo}).toList());
        LOG.debug("Sealed {} ledger entries as seal {}", seqs.size(), sealNo);
        return seqs.size();
    }

    private Seal latest() {
        return jdbc.query("SELECT * FROM ledger_seal ORDER BY seal_no DESC LIMIT 1", (rs, i) -> seal(rs)).stream().findFirst().orElse(null);
    }

    static Seal seal(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Seal(rs.getLong("seal_no"), rs.getTimestamp("sealed_at").toInstant(), rs.getInt("entries"), rs.getLong("first_seq"),
                rs.getLong("last_seq"), rs.getString("root"), rs.getString("prev_mac"), rs.getString("key_id"), rs.getString("mac"));
    }
}
