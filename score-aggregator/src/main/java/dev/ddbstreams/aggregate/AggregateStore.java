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

    /**
     * TransactWriteItems holds at most 100 actions, and touches each item at most once.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems: up to 100 action requests</a>
     */
    int MAX_TRANSACTION_ACTIONS = 100;

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
    default CommitOutcome commit(Optional<LedgerEntry> expected, LedgerEntry next, List<GroupDelta> deltas) {
        return commitAll(List.of(new LedgerWrite(expected, next)), deltas);
    }

    /**
     * Writes every ledger entry of {@code ledgerWrites} and applies {@code deltas} in one transaction,
     * provided each ledger entry is still what was read. All or nothing.
     *
     * <p>The caller keeps the transaction within DynamoDB's rules: at most {@link #MAX_TRANSACTION_ACTIONS}
     * actions (one per ledger write and one per delta with a non-zero amount), no ledger key twice and no
     * group twice.
     *
     * @return {@link CommitOutcome#LEDGER_CHANGED} when any ledger condition failed
     * @throws AggregateWriteException when DynamoDB refused the write for another reason
     */
    CommitOutcome commitAll(List<LedgerWrite> ledgerWrites, List<GroupDelta> deltas);

    /**
     * Deletes the aggregate row of {@code group} if all its sums are zero (no contributors left), so the
     * view holds exactly the groups the source holds. Best effort: a row that stays behind reads as zero.
     *
     * @return true when the row was deleted
     */
    boolean deleteIfEmpty(String group);
}
