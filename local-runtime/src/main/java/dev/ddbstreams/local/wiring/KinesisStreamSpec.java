package dev.ddbstreams.local.wiring;

/** A Kinesis data stream. */
public record KinesisStreamSpec(int shardCount, int retentionHours) {
}
