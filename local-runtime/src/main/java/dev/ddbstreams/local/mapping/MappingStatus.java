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
 */
public record MappingStatus(String name, String function, String source, String state, long recordsDelivered,
        long failedBatches, long recordsToDlq, long lag, int inFlight, String lastError) {
}
