package dev.ddbstreams.local.wiring;

/** The event source of a mapping: a table's stream, a Kinesis stream or a queue, by name. */
public record SourceSpec(SourceType type, String table, String stream, String queue) {
}
