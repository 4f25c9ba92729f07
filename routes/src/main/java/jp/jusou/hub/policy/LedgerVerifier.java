package jp.jusou.hub.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Checks the whole ledger and names the first entry (lowest sequence number) that fails:
 * <ul>
 * <li>each entry's MAC under its key (an entry from before V17: the old SHA-256 chain, which must run
 *     without a gap up to the frozen {@code ledger_head});</li>
 * <li>each seal's own MAC, its link to the previous seal, and the Merkle root of the entries it
 *     lists, so a sealed entry that was removed, or a seal that was, is found.</li>
 * </ul>
 * An entry not sealed yet (at most one seal interval old) is checked by its MAC only.
 */
final class LedgerVerifier {

    private final JdbcTemplate jdbc;
    private final LedgerKeys keys;
    /** seq → the first problem found at it; the answer is the lowest. */
    private final TreeMap<Long, String> problems = new TreeMap<>();

    LedgerVerifier(JdbcTemplate jdbc, LedgerKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    DisclosureLedger.Verification verify() {
        long entries = checkEntries();
        checkSeals();
        if (problems.isEmpty()) {
            return new DisclosureLedger.Verification(true, entries, null, null);
        }
        Map.Entry<Long, String> first = problems.firstEntry();
        return new DisclosureLedger.Verification(false, entries, first.getKey(), first.getValue());
    }

    private void problem(long seq, String text) {
        problems.putIfAbsent(seq, text);
    }

    private long checkEntries() {
        long legacyHeadSeq = jdbc.queryForObject("SELECT last_seq FROM ledger_head WHERE id = 1", Long.class);
        String legacyHeadHash = jdbc.queryForObject("SELECT last_hash FROM ledger_head WHERE id = 1", String.class);
        long[] count = {0};
        long[] expectedLegacy = {1};
        String[] previous = {DisclosureLedger.GENESIS};
        jdbc.query("SELECT * FROM disclosure ORDER BY seq", (RowCallbackHandler) rs -> {
            DisclosureLedger.Entry e = DisclosureLedger.entry(rs);
            count[0]++;
            if (!e.legacy()) {
                if (!keys.holds(e.keyId())) {
                    problem(e.seq(), "the entry names key '" + e.keyId() + "', which this hub does not hold");
                } else if (!keys.matches(e.keyId(), e.macText(), e.mac())) {
                    problem(e.seq(), "contents do not match the entry's MAC (key " + e.keyId() + ")");
                }
                return;
            }
            if (e.seq() > legacyHeadSeq || e.entryHash() == null) {
                problem(e.seq(), "the entry has no MAC");
                return;
            }
            if (e.seq() != expectedLegacy[0]) {
                problem(expectedLegacy[0], "entry " + expectedLegacy[0] + " is missing");
            } else if (!previous[0].equals(e.prevHash())) {
                problem(e.seq(), "previous-hash link does not match entry " + (e.seq() - 1));
            }
            if (!e.computeHash().equals(e.entryHash())) {
                problem(e.seq(), "contents do not match the entry's hash");
            }
            previous[0] = e.entryHash();
            expectedLegacy[0] = e.seq() + 1;
        });
        if (expectedLegacy[0] - 1 != legacyHeadSeq || !previous[0].equals(legacyHeadHash)) {
            problem(expectedLegacy[0], "entries after " + (expectedLegacy[0] - 1) + " are missing (the old chain ends at "
                    + legacyHeadSeq + ")");
        }
        return count[0];
    }

    private void checkSeals() {
        Map<Long, LedgerSealer.Seal> seals = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM ledger_seal ORDER BY seal_no", (RowCallbackHandler) rs -> {
            LedgerSealer.Seal seal = LedgerSealer.seal(rs);
            seals.put(seal.sealNo(), seal);
        });
        long expectedNo = 1;
        String prevMac = DisclosureLedger.GENESIS;
        for (LedgerSealer.Seal seal : seals.values()) {
            if (seal.sealNo() != expectedNo) {
                problem(seal.firstSeq(), "seal " + expectedNo + " is missing");
            }
            if (!keys.holds(seal.keyId()) || !keys.matches(seal.keyId(), seal.macText(), seal.mac())) {
                problem(seal.firstSeq(), "seal " + seal.sealNo() + " does not match its MAC");
            } else if (!prevMac.equals(seal.prevMac())) {
                problem(seal.firstSeq(), "seal " + seal.sealNo() + " does not follow seal " + (seal.sealNo() - 1));
            }
            prevMac = seal.mac();
            expectedNo = seal.sealNo() + 1;
        }
        List<String> leaves = new ArrayList<>();
        long[] current = {-1};
        boolean[] missing = {false};
        jdbc.query("SELECT s.seal_no, s.seq, d.seq AS present, d.mac, d.entry_hash FROM ledger_sealed s"
                + " LEFT JOIN disclosure d ON d.seq = s.seq ORDER BY s.seal_no, s.seq", (RowCallbackHandler) rs -> {
                    long sealNo = rs.getLong(1);
                    if (sealNo != current[0]) {
                        checkRoot(seals.remove(current[0]), leaves, missing[0]);
                        leaves.clear();
                        current[0] = sealNo;
                        missing[0] = false;
                    }
                    long seq = rs.getLong(2);
                    rs.getLong(3);
                    if (rs.wasNull()) {
                        problem(seq, "entry " + seq + " (in seal " + sealNo + ") is missing");
                        missing[0] = true;
                    }
                    leaves.add(rs.getString(4) != null ? rs.getString(4) : String.valueOf(rs.getString(5)));
                });
        checkRoot(seals.remove(current[0]), leaves, missing[0]);
        seals.values().forEach(s -> problem(s.firstSeq(), "the entries of seal " + s.sealNo() + " are missing"));
    }

    /** A seal whose entries were all found must have their root; a missing one is already named. */
    private void checkRoot(LedgerSealer.Seal seal, List<String> leaves, boolean entryMissing) {
        if (seal == null || entryMissing) {
            return;
        }
        if (leaves.size() != seal.entries()) {
            problem(seal.firstSeq(), "seal " + seal.sealNo() + " covered " + seal.entries() + " entries, " + leaves.size() + " remain");
        } else if (!Merkle.root(leaves).equals(seal.root())) {
            problem(seal.firstSeq(), "the entries of seal " + seal.sealNo() + " do not match its Merkle root");
        }
    }
}
