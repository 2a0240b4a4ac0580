package dev.ddbstreams.aggregate;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IdempotentAggregator#applyInBulk} did with the leading changes of a batch.
 *
 * @param outcomes the outcome of each change it handled successfully, by position in the batch; null at and
 *                 after a failed position only where that change was not completed
 * @param handled  how many leading changes of the batch it took on; the rest are for the per-record path
 * @param failedAt the position of the first change that failed, or -1 when none did
 * @param failure  why that change failed, or null
 */
public record BulkResult(List<ApplyOutcome> outcomes, int handled, int failedAt, RuntimeException failure) {

    public BulkResult {
        outcomes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outcomes));
        if (failedAt >= 0) {
            Objects.requireNonNull(failure, "failure");
        }
    }

    public boolean failed() {
        return failedAt >= 0;
    }
}
