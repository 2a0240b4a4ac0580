package dev.ddbstreams.aggregate;

import java.util.Objects;
import java.util.Optional;

/**
 * One ledger entry to write in a transaction, conditioned on the stored entry still being what was read.
 *
 * @param expected the entry as read (empty when the item had none): the write's condition
 * @param next     the entry to write
 */
public record LedgerWrite(Optional<LedgerEntry> expected, LedgerEntry next) {

    public LedgerWrite {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
    }
}
