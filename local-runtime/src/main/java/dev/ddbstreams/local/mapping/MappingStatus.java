package dev.ddbstreams.local.mapping;

/**
 * An event source mapping's counters for {@code GET /_local/status}.
 *
 * @param recordsDelivered  records handed to the function in batches that succeeded (in part or whole)
 * @param failedBatches     invocations that failed or reported batch item failures
 * @param recordsToDlq      records given up on and described in an on-failure record (streams) or moved by the
 *                          queue's redrive policy (SQS, as far as the runtime can tell)
 * @param lag               records (or messages) available but not yet delivered, as last observed
 * @param inFlight          records in an invocation right now
 * @param state             e.g. POLLING, STOPPED, DISABLED (source unavailable: reason in lastError)
 * @param recordsFiltered   records (messages) that matched none of the mapping's filters: skipped (streams) or
 *                          deleted (SQS) without an invocation
 * @param retries           invocations that repeated records of an earlier failed invocation (bisected halves
 *                          and partial-failure tails included)
 * @param iteratorResets    times a shard's checkpoint had been trimmed away and reading restarted at TRIM_HORIZON
 */
public record MappingStatus(String name, String function, String source, String state, long recordsDelivered,
        long failedBatches, long recordsToDlq, long lag, int inFlight, String lastError, long recordsFiltered,
        long retries, long iteratorResets) {

    /** The original contract's constructor; the counters added later are 0. */
    public MappingStatus(String name, String function, String source, String state, long recordsDelivered,
            long failedBatches, long recordsToDlq, long lag, int inFlight, String lastError) {
        this(name, function, source, state, recordsDelivered, failedBatches, recordsToDlq, lag, inFlight, lastError,
                0, 0, 0);
    }
}
