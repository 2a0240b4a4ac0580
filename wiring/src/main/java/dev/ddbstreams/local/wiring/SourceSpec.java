package dev.ddbstreams.local.wiring;

/**
 * The event source of a mapping: a table's stream, a Kinesis stream or a queue, by name.
 *
 * @param arn the exact stream to read, when known (a mapping created through the Lambda API names it); {@code null}:
 *            the table's current stream ({@code LatestStreamArn}), the Kinesis stream of that name
 */
public record SourceSpec(SourceType type, String table, String stream, String queue, String arn) {

    /** A source by name, as the wiring declares it. */
    public SourceSpec(SourceType type, String table, String stream, String queue) {
        this(type, table, stream, queue, null);
    }
}
