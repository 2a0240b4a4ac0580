package dev.ddbstreams.eventlog;

import java.time.Instant;
import java.util.Optional;

/**
 * One Kinesis record, free of Lambda event types, with its data already base64-decoded.
 *
 * @param eventId {@code <shardId>:<sequenceNumber>}
 * @param sequenceNumber the record's sequence number (its item identifier in a partial batch response)
 * @param partitionKey the producer's partition key
 * @param eventSourceArn the stream ARN
 * @param approximateArrivalTimestamp when Kinesis accepted the record, if the event says
 * @param data the payload bytes
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html">Using Lambda with Kinesis</a>
 */
public record KinesisPayload(
        String eventId,
        String sequenceNumber,
        String partitionKey,
        String eventSourceArn,
        Optional<Instant> approximateArrivalTimestamp,
        byte[] data) {

    /** The shard, from the {@code eventID} prefix. */
    public Optional<String> shardId() {
        if (eventId == null) {
            return Optional.empty();
        }
        int colon = eventId.indexOf(':');
        return colon > 0 ? Optional.of(eventId.substring(0, colon)) : Optional.empty();
    }
}
