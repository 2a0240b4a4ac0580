package dev.ddbstreams.local.mapping;

import java.time.Duration;

/**
 * What happened to one batch of a mapping, for the runtime's log line.
 *
 * @param mapping  the mapping's name in the wiring
 * @param function the function invoked
 * @param shardId  the shard (streams) or {@code null} (queues)
 * @param records  records in the batch
 * @param outcome  how it ended
 * @param duration the invocation's wall time ({@link Duration#ZERO} for {@link Outcome#GIVEN_UP})
 * @param detail   the function error, the failed item count, or the on-failure condition; {@code null} on success
 */
public record BatchReport(String mapping, String function, String shardId, int records, Outcome outcome,
        Duration duration, String detail) {

    /** How a batch ended. */
    public enum Outcome {
        /** The function handled every record. */
        SUCCEEDED,
        /** The function reported batch item failures; the records from the lowest failure on are retried. */
        PARTIALLY_FAILED,
        /** The invocation failed (error, timeout, crash) or its failure report was invalid; retried or bisected. */
        FAILED,
        /** Retries or record age ran out: the batch is described to the on-failure destination and skipped. */
        GIVEN_UP
    }
}
