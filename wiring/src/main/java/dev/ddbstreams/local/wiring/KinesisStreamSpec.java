package dev.ddbstreams.local.wiring;

/** A Kinesis data stream, and its group (the Terraform scenario module that creates it). */
public record KinesisStreamSpec(int shardCount, int retentionHours, String group) {

    /** A stream without its Terraform group, as tests of the runtime build one. */
    public KinesisStreamSpec(int shardCount, int retentionHours) {
        this(shardCount, retentionHours, null);
    }
}
