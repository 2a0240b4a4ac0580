package dev.ddbstreams.aggregate;

/** What {@link IdempotentAggregator#apply} did with a change. Each is a success for the batch. */
public enum ApplyOutcome {
    /** The change was applied: ledger and aggregate rows updated in one transaction. */
    APPLIED,
    /** The same change was applied before (a retry, a bisected or duplicated batch): nothing done. */
    DUPLICATE,
    /** A later change of the same item was applied already (an older record delivered again): nothing done. */
    SUPERSEDED,
    /**
     * A later change of the same item in the same batch was applied, in the same transaction, from the
     * item's state before this one: this change's effect is contained in that later one.
     */
    FOLDED
}
