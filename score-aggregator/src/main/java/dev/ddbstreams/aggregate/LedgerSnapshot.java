package dev.ddbstreams.aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ledger entries read ahead for one batch (one {@code BatchGetItem} instead of one read per record), and
 * kept current with what the batch itself commits.
 *
 * <p>Safe to decide from because a ledger entry's sequence number only ever grows: an entry read ahead
 * may be older than the stored one but never newer, so "already applied" judged from it is never wrong,
 * and a write computed from a stale entry fails its condition and is recomputed from a fresh read.
 */
public final class LedgerSnapshot {

    private final Map<String, Optional<LedgerEntry>> entries;

    LedgerSnapshot(Map<String, Optional<LedgerEntry>> entries) {
        this.entries = new HashMap<>(entries);
    }

    /** A snapshot that knows nothing: every record reads its entry itself. */
    public static LedgerSnapshot empty() {
        return new LedgerSnapshot(Map.of());
    }

    /** @return the entry as read ahead (possibly absent), or null when this key was not read ahead */
    Optional<LedgerEntry> known(String recordKey) {
        return entries.get(recordKey);
    }

    void remember(LedgerEntry entry) {
        entries.put(entry.recordKey(), Optional.of(entry));
    }

    void forget(String recordKey) {
        entries.remove(recordKey);
    }

    public int size() {
        return entries.size();
    }
}
