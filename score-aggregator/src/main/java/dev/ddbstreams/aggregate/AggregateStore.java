package dev.ddbstreams.aggregate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a view's ledger and aggregate rows live. {@link DynamoDbAggregateStore} is the real one; the
 * engine's tests use an in-memory one.
 */
public interface AggregateStore {

    /** The outcome of {@link #commit}; failures that retrying this record cannot cure are thrown instead. */
    enum CommitOutcome {
        /** The ledger entry and every delta were written, atomically. */
        COMMITTED,
        /** Nothing was written: the ledger entry is no longer what the caller read. Read it again. */
        LEDGER_CHANGED,
        /** Nothing was written: another transaction held one of the items. Worth another try. */
        CONTENDED
    }

    /** @return the ledger entry for {@code recordKey}, read strongly consistently */
    Optional<LedgerEntry> readLedger(String recordKey);

    /**
     * Reads many ledger entries at once, strongly consistently. Best effort: a key missing from the result
     * (not read, for whatever reason) is simply read on its own later.
     *
     * @return for each key read: its entry, or empty when it has none
     */
    Map<String, Optional<LedgerEntry>> readLedgers(Collection<String> recordKeys);

    /**
     * Writes {@code next} and applies {@code deltas} in one transaction, provided the ledger entry is still
     * {@code expected} (absent when empty).
     *
     * @throws AggregateWriteException when DynamoDB refused the write for another reason
     */
    CommitOutcome commit(Optional<LedgerEntry> expected, LedgerEntry next, List<GroupDelta> deltas);

    /**
     * Deletes the aggregate row of {@code group} if all its sums are zero (no contributors left), so the
     * view holds exactly the groups the source holds. Best effort: a row that stays behind reads as zero.
     *
     * @return true when the row was deleted
     */
    boolean deleteIfEmpty(String group);
}
