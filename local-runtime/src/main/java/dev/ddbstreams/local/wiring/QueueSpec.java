package dev.ddbstreams.local.wiring;

/**
 * An SQS queue. {@code deadLetterQueue} with {@code maxReceiveCount} is its redrive policy; unset
 * numbers take SQS's defaults.
 */
public record QueueSpec(Integer visibilityTimeoutSeconds, String deadLetterQueue, Integer maxReceiveCount,
        Integer messageRetentionSeconds) {
}
