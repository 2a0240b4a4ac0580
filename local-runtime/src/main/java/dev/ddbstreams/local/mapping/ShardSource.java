package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a stream mapping needs from a sharded stream, so that DynamoDB Streams and Kinesis share one poller:
 * list the shards, get an iterator, read a page of records already converted to Lambda's event shape.
 * Failures the poller must react to are thrown as {@link ShardReadException}; anything else is unexpected.
 */
interface ShardSource {

    /** The stream's ARN: the events' {@code eventSourceARN} and the on-failure record's {@code streamArn}. */
    String arn();

    /** Whether this is Kinesis (the on-failure record's {@code KinesisBatchInfo}) or DynamoDB. */
    boolean isKinesis();

    /** How long the stream keeps records: the age at which a record expires when retries are unlimited. */
    Duration retention();

    /** Every shard, all pages read, parents listed before their children. */
    List<ShardInfo> listShards();

    /**
     * @return an iterator at {@code position}
     * @throws ShardReadException {@code SHARD_NOT_FOUND} when the shard no longer exists, {@code TRIMMED} when the
     *                            position has been trimmed away, {@code THROTTLED} when the emulator is busy
     */
    String iterator(String shardId, Position position);

    /** One GetRecords call of at most {@code limit} (<= 1000) records. */
    Page read(String shardId, String iterator, int limit);

    /**
     * The sequence number of the record right after {@code position}, found without interpreting the record, so that
     * a record that cannot be read can be skipped once it is given up on. Empty when the source cannot tell.
     */
    default java.util.Optional<String> sequenceNumberAfter(String shardId, Position position) {
        return java.util.Optional.empty();
    }

    /** What a filter pattern is matched against for this record (the record, or a view with decoded data). */
    JsonNode filterView(ObjectNode event);

    /** Where to start reading a shard. */
    record Position(Type type, String sequenceNumber) {

        enum Type { TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER }

        static final Position TRIM_HORIZON = new Position(Type.TRIM_HORIZON, null);

        static Position after(String sequenceNumber) {
            return new Position(Type.AFTER_SEQUENCE_NUMBER, sequenceNumber);
        }
    }

    /**
     * A shard.
     *
     * @param parentShardIds the parent (and, for a Kinesis merge, the adjacent parent): drained before this shard
     * @param closed         whether the shard has an ending sequence number (no new records will arrive)
     */
    record ShardInfo(String shardId, List<String> parentShardIds, boolean closed, String startingSequenceNumber) {
    }

    /** One GetRecords result. {@code nextIterator} is {@code null} when the shard is closed and read to its end. */
    record Page(List<SourceRecord> records, String nextIterator) {
    }

    /**
     * One record, already in Lambda's event shape.
     *
     * @param order   the sequence number as a number, for ordering (sequence numbers differ in length)
     * @param arrival when the record reached the stream, as well as the runtime can tell
     * @param event   the event record
     */
    record SourceRecord(String sequenceNumber, BigInteger order, Instant arrival, ObjectNode event) {
    }
}
