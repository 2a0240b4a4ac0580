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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * GetRecords paging: the Limit parameter, the 1,000-record ceiling and NextShardIterator.
 *
 * <p>One table holds 1,100 records (written before the tests by BatchWriteItem).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html">GetRecords</a>
 */
class GetRecordsPagingConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final int WRITES = 1_100;
    private static final String TABLE = uniqueName("paging");
    private static String streamArn;

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static DynamoDbStreamsClient streams() {
        return DYNAMODB.streamsClient();
    }

    @BeforeAll
    static void writeElevenHundredItems() {
        createActive(client(), streamedHashTable(TABLE, StreamViewType.KEYS_ONLY));
        for (int batch = 0; batch < WRITES / 25; batch++) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String pk = String.format("item-%05d", batch * 25 + i);
                writes.add(WriteRequest.builder().putRequest(p -> p.item(item("pk", pk))).build());
            }
            client().batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes)));
        }
        streamArn = StreamReader.streamArnOf(client(), TABLE);
    }

    private static String trimHorizonOfFirstShard() {
        Shard first = StreamReader.shards(streams(), streamArn).get(0);
        return StreamReader.iterator(streams(), streamArn, first.shardId(), ShardIteratorType.TRIM_HORIZON);
    }

    /** API_streams_GetRecords, Limit: "The maximum number of records to return from the shard." */
    @Test
    void limitCapsTheRecordsReturned() {
        String iterator = trimHorizonOfFirstShard();
        GetRecordsResponse response = streams().getRecords(b -> b.shardIterator(iterator).limit(7));
        assertTrue(response.records().size() <= 7, "records: " + response.records().size());
        assertTrue(!response.records().isEmpty(), "a shard full of records answers some");
    }

    /** API_streams_GetRecords, Limit: "The upper limit is 1000." Without Limit, at most 1,000 records per call. */
    @Test
    void oneCallReturnsAtMostOneThousandRecords() {
        String iterator = trimHorizonOfFirstShard();
        assertTrue(streams().getRecords(b -> b.shardIterator(iterator)).records().size() <= 1_000);
    }

    /** API_streams_GetRecords, NextShardIterator: reading on from it continues after the last record returned. */
    @Test
    void nextShardIteratorContinuesWhereThePageEnded() {
        String iterator = trimHorizonOfFirstShard();
        GetRecordsResponse first = streams().getRecords(b -> b.shardIterator(iterator).limit(3));
        assertNotNull(first.nextShardIterator());
        GetRecordsResponse second = streams().getRecords(b -> b.shardIterator(first.nextShardIterator()).limit(3));
        List<Record> both = new ArrayList<>(first.records());
        both.addAll(second.records());
        List<Record> all = StreamReader.allRecords(streams(), streamArn);
        assertEquals(all.subList(0, both.size()).stream().map(r -> r.dynamodb().sequenceNumber()).toList(),
                both.stream().map(r -> r.dynamodb().sequenceNumber()).toList());
    }

    /** Paging through the whole stream gives every write exactly once, in order. */
    @Test
    void pagingThroughTheStreamGivesEveryWriteOnceInOrder() {
        List<String> keys = StreamReader.allRecords(streams(), streamArn).stream()
                .map(r -> r.dynamodb().keys().get("pk").s()).toList();
        assertEquals(WRITES, keys.size());
        assertEquals(keys.stream().sorted().toList(), keys, "written in ascending key order, so read in it");
    }

    /** API_streams_GetRecords, Limit: valid range 1-1000. */
    @Test
    void limitAboveOneThousandIsRefused() {
        String iterator = trimHorizonOfFirstShard();
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have"
                        + " value less than or equal to 1000",
                () -> streams().getRecords(b -> b.shardIterator(iterator).limit(1001)));
    }

    /** API_streams_GetRecords, Limit: valid range 1-1000. */
    @Test
    void limitOfZeroIsRefused() {
        String iterator = trimHorizonOfFirstShard();
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have"
                        + " value greater than or equal to 1",
                () -> streams().getRecords(b -> b.shardIterator(iterator).limit(0)));
    }
}
