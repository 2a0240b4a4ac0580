package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * GetShardIterator: where each iterator type starts reading.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html">GetShardIterator</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html">GetRecords</a>
 */
class ShardIteratorConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static DynamoDbStreamsClient streams() {
        return DYNAMODB.streamsClient();
    }

    /** A table with a stream and the items k0..k(count-1) written in that order. */
    private static String tableWithWrites(String prefix, int count) {
        String table = uniqueName(prefix);
        createActive(client(), streamedHashTable(table, StreamViewType.KEYS_ONLY));
        for (int i = 0; i < count; i++) {
            String pk = "k" + i;
            client().putItem(b -> b.tableName(table).item(item("pk", pk)));
        }
        return table;
    }

    private static Shard lastShard(String streamArn) {
        List<Shard> shards = StreamReader.shards(streams(), streamArn);
        return shards.get(shards.size() - 1);
    }

    private static List<String> keys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("pk").s()).toList();
    }

    private static String iteratorAt(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams().getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** TRIM_HORIZON: "Start reading at the last (untrimmed) stream record, which is the oldest record in the shard." */
    @Test
    void trimHorizonStartsAtTheOldestRecord() {
        String table = tableWithWrites("it-trim", 3);
        assertEquals(List.of("k0", "k1", "k2"), keys(StreamReader.allRecords(client(), streams(), table)));
    }

    /** LATEST: "Start reading just after the most recent stream record in the shard". */
    @Test
    void latestSkipsEarlierRecordsAndReadsLaterOnes() {
        String table = tableWithWrites("it-latest", 3);
        String streamArn = StreamReader.streamArnOf(client(), table);
        String iterator = StreamReader.iterator(streams(), streamArn, lastShard(streamArn).shardId(), ShardIteratorType.LATEST);
        client().putItem(b -> b.tableName(table).item(item("pk", "later")));
        assertEquals(List.of("later"), keys(StreamReader.readShard(streams(), iterator)));
    }

    /** LATEST with nothing written afterwards: no records, and an iterator to keep polling an open shard. */
    @Test
    void latestWithNothingNewReadsNoRecordsAndKeepsAnIterator() {
        String table = tableWithWrites("it-latest-empty", 2);
        String streamArn = StreamReader.streamArnOf(client(), table);
        String iterator = StreamReader.iterator(streams(), streamArn, lastShard(streamArn).shardId(), ShardIteratorType.LATEST);
        GetRecordsResponse response = streams().getRecords(b -> b.shardIterator(iterator));
        assertTrue(response.records().isEmpty(), response.records().toString());
        assertNotNull(response.nextShardIterator(), "an open shard always gives a NextShardIterator");
    }

    /** AT_SEQUENCE_NUMBER: "Start reading exactly from the position denoted by a specific sequence number." */
    @Test
    void atSequenceNumberStartsWithThatRecord() {
        String table = tableWithWrites("it-at", 4);
        String streamArn = StreamReader.streamArnOf(client(), table);
        List<Record> all = StreamReader.allRecords(streams(), streamArn);
        String iterator = iteratorAt(streamArn, lastShard(streamArn).shardId(), ShardIteratorType.AT_SEQUENCE_NUMBER,
                all.get(2).dynamodb().sequenceNumber());
        assertEquals(List.of("k2", "k3"), keys(StreamReader.readShard(streams(), iterator)));
    }

    /** AFTER_SEQUENCE_NUMBER: "Start reading right after the position denoted by a specific sequence number." */
    @Test
    void afterSequenceNumberStartsWithTheNextRecord() {
        String table = tableWithWrites("it-after", 4);
        String streamArn = StreamReader.streamArnOf(client(), table);
        List<Record> all = StreamReader.allRecords(streams(), streamArn);
        String iterator = iteratorAt(streamArn, lastShard(streamArn).shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                all.get(1).dynamodb().sequenceNumber());
        assertEquals(List.of("k2", "k3"), keys(StreamReader.readShard(streams(), iterator)));
    }

    /** AFTER_SEQUENCE_NUMBER of the last record: nothing yet, then the next write. */
    @Test
    void afterTheLastSequenceNumberReadsOnlyNewRecords() {
        String table = tableWithWrites("it-after-last", 2);
        String streamArn = StreamReader.streamArnOf(client(), table);
        List<Record> all = StreamReader.allRecords(streams(), streamArn);
        String iterator = iteratorAt(streamArn, lastShard(streamArn).shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                all.get(all.size() - 1).dynamodb().sequenceNumber());
        client().putItem(b -> b.tableName(table).item(item("pk", "next")));
        assertEquals(List.of("next"), keys(StreamReader.readShard(streams(), iterator)));
    }

    /** API_streams_GetShardIterator, SequenceNumber: required for AT_SEQUENCE_NUMBER. */
    @Test
    void atSequenceNumberWithoutSequenceNumberIsRefused() {
        String table = tableWithWrites("it-at-none", 1);
        String streamArn = StreamReader.streamArnOf(client(), table);
        String shardId = lastShard(streamArn).shardId();
        assertAwsError(DynamoDbException.class, "ValidationException",
                () -> iteratorAt(streamArn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, null));
    }

    /** API_streams_GetShardIterator, ResourceNotFoundException: a shard the stream does not have. */
    @Test
    void unknownShardAnswersResourceNotFound() {
        String table = tableWithWrites("it-no-shard", 1);
        String streamArn = StreamReader.streamArnOf(client(), table);
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> StreamReader.iterator(streams(), streamArn, "shardId-00000000000000000000-00000000",
                        ShardIteratorType.TRIM_HORIZON));
    }

    /** API_streams_GetShardIterator, ResourceNotFoundException: a stream that does not exist. */
    @Test
    void unknownStreamAnswersResourceNotFound() {
        String table = tableWithWrites("it-no-stream", 1);
        String streamArn = StreamReader.streamArnOf(client(), table);
        String shardId = lastShard(streamArn).shardId();
        String missing = streamArn.substring(0, streamArn.indexOf("/stream/")) + "/stream/2000-01-01T00:00:00.000";
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> StreamReader.iterator(streams(), missing, shardId, ShardIteratorType.TRIM_HORIZON));
    }

    /** API_streams_GetShardIterator: the same kind of iterator can be asked for again and reads the same records. */
    @Test
    void twoTrimHorizonIteratorsReadTheSameRecords() {
        String table = tableWithWrites("it-twice", 3);
        assertEquals(keys(StreamReader.allRecords(client(), streams(), table)),
                keys(StreamReader.allRecords(client(), streams(), table)));
    }
}
