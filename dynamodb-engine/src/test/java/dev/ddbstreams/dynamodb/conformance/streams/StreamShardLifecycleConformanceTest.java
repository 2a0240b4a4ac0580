package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A disabled stream: its shard closes (EndingSequenceNumber), its records stay readable, and reading to the
 * end of the closed shard ends with no NextShardIterator.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling">Enabling a stream</a>
 *      ("If you disable a stream, any shards that are open will be closed. The data in the stream will continue
 *      to be readable for 24 hours.")
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_SequenceNumberRange.html">SequenceNumberRange</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html">GetRecords</a>
 *      (NextShardIterator: "If set to null, the shard has been closed and the requested iterator will not
 *      return any more data.")
 */
class StreamShardLifecycleConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static DynamoDbStreamsClient streams() {
        return DYNAMODB.streamsClient();
    }

    /** A table whose stream got two records and was then disabled; answers the table name. */
    private static String tableWithDisabledStream(String prefix) {
        String table = uniqueName(prefix);
        createActive(client(), streamedHashTable(table, StreamViewType.KEYS_ONLY));
        client().putItem(b -> b.tableName(table).item(item("pk", "a")));
        client().putItem(b -> b.tableName(table).item(item("pk", "b")));
        client().updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
        client().waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    private static List<String> keys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("pk").s()).toList();
    }

    /** Disabling closes the open shard: its SequenceNumberRange gets an EndingSequenceNumber. */
    @Test
    void disablingTheStreamClosesItsShard() {
        String streamArn = StreamReader.streamArnOf(client(), tableWithDisabledStream("life-closed"));
        List<Shard> shards = StreamReader.shards(streams(), streamArn);
        Shard last = shards.get(shards.size() - 1);
        assertNotNull(last.sequenceNumberRange().endingSequenceNumber(), last.toString());
        assertTrue(last.sequenceNumberRange().endingSequenceNumber().matches("\\d{21,40}"));
    }

    /** The ending sequence number is not before the last record of the shard. */
    @Test
    void endingSequenceNumberCoversTheLastRecord() {
        String streamArn = StreamReader.streamArnOf(client(), tableWithDisabledStream("life-ending"));
        List<Record> records = StreamReader.allRecords(streams(), streamArn);
        List<Shard> shards = StreamReader.shards(streams(), streamArn);
        BigInteger ending = new BigInteger(shards.get(shards.size() - 1).sequenceNumberRange().endingSequenceNumber());
        BigInteger lastRecord = new BigInteger(records.get(records.size() - 1).dynamodb().sequenceNumber());
        assertTrue(ending.compareTo(lastRecord) >= 0, ending + " < " + lastRecord);
    }

    /** "The data in the stream will continue to be readable for 24 hours" after disabling. */
    @Test
    void recordsOfADisabledStreamStayReadable() {
        String streamArn = StreamReader.streamArnOf(client(), tableWithDisabledStream("life-readable"));
        assertEquals(List.of("a", "b"), keys(StreamReader.allRecords(streams(), streamArn)));
    }

    /** GetRecords, NextShardIterator: null once the reader is at the end of a closed shard. */
    @Test
    void readingToTheEndOfAClosedShardEndsWithoutNextIterator() {
        String streamArn = StreamReader.streamArnOf(client(), tableWithDisabledStream("life-end"));
        Shard shard = StreamReader.shards(streams(), streamArn).get(0);
        String iterator = StreamReader.iterator(streams(), streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON);
        GetRecordsResponse response = null;
        for (int i = 0; i < 10 && iterator != null; i++) {
            String current = iterator;
            response = streams().getRecords(b -> b.shardIterator(current));
            iterator = response.nextShardIterator();
        }
        assertNull(iterator, "a closed shard read to its end gives no NextShardIterator");
    }

    /** StreamStatus: DISABLED once the stream has been turned off. */
    @Test
    void disabledStreamIsDescribedDisabled() {
        String streamArn = StreamReader.streamArnOf(client(), tableWithDisabledStream("life-status"));
        StreamStatus status = streams().describeStream(b -> b.streamArn(streamArn)).streamDescription().streamStatus();
        assertTrue(status == StreamStatus.DISABLED || status == StreamStatus.DISABLING, String.valueOf(status));
    }

    /** Writes after the stream was disabled are not in it. */
    @Test
    void writesAfterDisablingAreNotInTheOldStream() {
        String table = tableWithDisabledStream("life-after");
        client().putItem(b -> b.tableName(table).item(item("pk", "later")));
        assertEquals(List.of("a", "b"), keys(StreamReader.allRecords(client(), streams(), table)));
    }

    /** A re-enabled stream is a new stream: it holds only the writes made after it was enabled. */
    @Test
    void reenabledStreamHoldsOnlyLaterWrites() throws InterruptedException {
        String table = tableWithDisabledStream("life-new");
        Thread.sleep(5); // stream labels are millisecond timestamps
        client().updateTable(b -> b.tableName(table).streamSpecification(stream(StreamViewType.KEYS_ONLY)));
        client().waiter().waitUntilTableExists(b -> b.tableName(table));
        client().putItem(b -> b.tableName(table).item(item("pk", "c")));
        assertEquals(List.of("c"), keys(StreamReader.allRecords(client(), streams(), table)));
    }
}
