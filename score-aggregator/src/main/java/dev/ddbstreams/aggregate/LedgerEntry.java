package dev.ddbstreams.aggregate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the aggregator remembers about one source item: the last change it applied for the item and what
 * the item contributes since. NEW_IMAGE streams carry no old image, so this is the only way to know what
 * to subtract on MODIFY and REMOVE, and the sequence number is what makes a redelivered record harmless.
 *
 * @param recordKey      the ledger's partition key: view name and source key (see {@link LedgerKeys})
 * @param sequenceNumber the stream sequence number of the last change applied for the item
 * @param kind           the kind of that change
 * @param contribution   what the item contributes now; null for a tombstone (the item was removed)
 * @param appliedAt      when that change was applied
 * @param expiresAt      when DynamoDB TTL may delete the entry; set on tombstones only, null otherwise
 */
public record LedgerEntry(String recordKey, SequenceNumber sequenceNumber, ChangeKind kind,
        Contribution contribution, Instant appliedAt, Instant expiresAt) {

    public LedgerEntry {
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }

    /** An entry for an item that exists and contributes {@code contribution}; it never expires. */
    public static LedgerEntry live(String recordKey, SequenceNumber sequenceNumber, ChangeKind kind,
            Contribution contribution, Instant appliedAt) {
        return new LedgerEntry(recordKey, sequenceNumber, kind, Objects.requireNonNull(contribution, "contribution"),
                appliedAt, null);
    }

    /**
     * An entry for a removed item: contributes nothing, keeps the sequence number so an older record
     * delivered again cannot bring the item back, and expires after {@code expiresAt}.
     */
    public static LedgerEntry tombstone(String recordKey, SequenceNumber sequenceNumber, Instant appliedAt,
            Instant expiresAt) {
        return new LedgerEntry(recordKey, sequenceNumber, ChangeKind.REMOVE, null, appliedAt,
                Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    public boolean isTombstone() {
        return contribution == null;
    }

    public Optional<Contribution> currentContribution() {
        return Optional.ofNullable(contribution);
    }
}
