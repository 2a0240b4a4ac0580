package dev.ddbstreams.local.wiring;

/**
 * An SQS queue. {@code deadLetterQueue} with {@code maxReceiveCount} is its redrive policy; unset
 * numbers take SQS's defaults. {@code group} is the Terraform scenario module that creates it.
 */
public record QueueSpec(Integer visibilityTimeoutSeconds, String deadLetterQueue, Integer maxReceiveCount,
        Integer messageRetentionSeconds, String group) {

    /** A queue without its Terraform group, as tests of the runtime build one. */
    public QueueSpec(Integer visibilityTimeoutSeconds, String deadLetterQueue, Integer maxReceiveCount,
            Integer messageRetentionSeconds) {
        this(visibilityTimeoutSeconds, deadLetterQueue, maxReceiveCount, messageRetentionSeconds, null);
    }
}
