package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashRangeTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * ListStreams and DescribeStream.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html">ListStreams</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html">DescribeStream</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamDescription.html">StreamDescription</a>
 */
class ListAndDescribeStreamConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static DynamoDbStreamsClient streams() {
        return DYNAMODB.streamsClient();
    }

    private static TableDescription streamedTable(String prefix, StreamViewType viewType) {
        String name = uniqueName(prefix);
        createActive(client(), streamedHashTable(name, viewType));
        return client().describeTable(b -> b.tableName(name)).table();
    }

    private static StreamDescription describe(String streamArn) {
        return streams().describeStream(b -> b.streamArn(streamArn)).streamDescription();
    }

    /** API_streams_ListStreams, TableName: the streams of that table: ARN, table name and label. */
    @Test
    void listStreamsByTableNamesItsStream() {
        TableDescription table = streamedTable("ls-by-table", StreamViewType.KEYS_ONLY);
        ListStreamsResponse response = streams().listStreams(b -> b.tableName(table.tableName()));
        assertEquals(1, response.streams().size());
        assertEquals(table.latestStreamArn(), response.streams().get(0).streamArn());
        assertEquals(table.tableName(), response.streams().get(0).tableName());
        assertEquals(table.latestStreamLabel(), response.streams().get(0).streamLabel());
    }

    /** API_streams_ListStreams: a table that never had a stream lists none. */
    @Test
    void tableWithoutStreamListsNoStreams() {
        String name = uniqueName("ls-none");
        createActive(client(), hashTable(name).build());
        assertTrue(streams().listStreams(b -> b.tableName(name)).streams().isEmpty());
    }

    /** API_streams_ListStreams: without TableName, every stream of the account is listed. */
    @Test
    void listStreamsWithoutTableNameListsEveryStream() {
        TableDescription first = streamedTable("ls-all-a", StreamViewType.KEYS_ONLY);
        TableDescription second = streamedTable("ls-all-b", StreamViewType.NEW_IMAGE);
        List<String> arns = new ArrayList<>();
        String start = null;
        for (int page = 0; page < 100; page++) {
            String exclusiveStart = start;
            ListStreamsResponse response = streams().listStreams(b -> b.exclusiveStartStreamArn(exclusiveStart));
            response.streams().forEach(s -> arns.add(s.streamArn()));
            start = response.lastEvaluatedStreamArn();
            if (start == null) {
                break;
            }
        }
        assertTrue(arns.containsAll(List.of(first.latestStreamArn(), second.latestStreamArn())), arns.toString());
    }

    /** API_streams_ListStreams, Limit and LastEvaluatedStreamArn: pages of Limit streams, none twice. */
    @Test
    void listStreamsPagesWithLimitAndLastEvaluatedStreamArn() {
        for (int i = 0; i < 3; i++) {
            streamedTable("ls-page", StreamViewType.KEYS_ONLY);
        }
        List<String> arns = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String exclusiveStart = start;
            ListStreamsResponse response = streams().listStreams(b -> b.limit(1).exclusiveStartStreamArn(exclusiveStart));
            assertTrue(response.streams().size() <= 1, "Limit 1: " + response.streams());
            response.streams().forEach(s -> arns.add(s.streamArn()));
            start = response.lastEvaluatedStreamArn();
            pages++;
        } while (start != null && pages < 100);
        assertTrue(arns.size() >= 3, arns.toString());
        assertEquals(arns.size(), arns.stream().distinct().count(), "a stream listed twice: " + arns);
    }

    /** API_streams_ListStreams: a disabled and re-enabled stream leaves two streams for the table. */
    @Test
    void reenabledStreamIsListedBesideTheOldOne() throws InterruptedException {
        TableDescription table = streamedTable("ls-two", StreamViewType.KEYS_ONLY);
        client().updateTable(b -> b.tableName(table.tableName()).streamSpecification(s -> s.streamEnabled(false)));
        client().waiter().waitUntilTableExists(b -> b.tableName(table.tableName())); // back to ACTIVE
        Thread.sleep(5); // stream labels are millisecond timestamps
        client().updateTable(b -> b.tableName(table.tableName()).streamSpecification(stream(StreamViewType.NEW_IMAGE)));
        client().waiter().waitUntilTableExists(b -> b.tableName(table.tableName()));
        List<String> arns = streams().listStreams(b -> b.tableName(table.tableName())).streams().stream()
                .map(s -> s.streamArn()).toList();
        assertEquals(2, arns.size(), arns.toString());
        assertTrue(arns.contains(table.latestStreamArn()));
    }

    /** API_streams_StreamDescription: StreamArn, StreamLabel, TableName and StreamViewType of the stream. */
    @Test
    void describeStreamNamesItsArnLabelTableAndViewType() {
        TableDescription table = streamedTable("ds-fields", StreamViewType.NEW_AND_OLD_IMAGES);
        StreamDescription description = describe(table.latestStreamArn());
        assertEquals(table.latestStreamArn(), description.streamArn());
        assertEquals(table.latestStreamLabel(), description.streamLabel());
        assertEquals(table.tableName(), description.tableName());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, description.streamViewType());
    }

    /** API_streams_StreamDescription, StreamStatus: ENABLED while the stream is on. */
    @Test
    void enabledStreamIsDescribedEnabled() {
        assertEquals(StreamStatus.ENABLED, describe(streamedTable("ds-status", StreamViewType.KEYS_ONLY).latestStreamArn())
                .streamStatus());
    }

    /** API_streams_StreamDescription, KeySchema: the table's key schema. */
    @Test
    void describeStreamGivesTheTablesKeySchema() {
        String name = uniqueName("ds-keys");
        createActive(client(), hashRangeTable(name).streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        StreamDescription description = describe(client().describeTable(b -> b.tableName(name)).table().latestStreamArn());
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), description.keySchema());
    }

    /** API_streams_StreamDescription, CreationRequestDateTime: when the stream was asked for. */
    @Test
    void describeStreamGivesTheCreationRequestTime() {
        StreamDescription description = describe(streamedTable("ds-created", StreamViewType.KEYS_ONLY).latestStreamArn());
        assertNotNull(description.creationRequestDateTime());
    }

    /**
     * API_streams_Shard: a new stream has an open shard: ShardId of 28 to 65 characters, a numeric
     * StartingSequenceNumber and no EndingSequenceNumber.
     */
    @Test
    void newStreamHasOneOpenShard() {
        StreamDescription description = describe(streamedTable("ds-shard", StreamViewType.KEYS_ONLY).latestStreamArn());
        assertFalse(description.shards().isEmpty());
        Shard shard = description.shards().get(description.shards().size() - 1);
        assertTrue(shard.shardId().startsWith("shardId-") && shard.shardId().length() >= 28
                && shard.shardId().length() <= 65, shard.shardId());
        assertTrue(shard.sequenceNumberRange().startingSequenceNumber().matches("\\d{21,40}"),
                shard.sequenceNumberRange().startingSequenceNumber());
        assertNull(shard.sequenceNumberRange().endingSequenceNumber());
    }

    /** API_streams_DescribeStream, ResourceNotFoundException: a stream ARN that names no stream. */
    @Test
    void describingAMissingStreamAnswersResourceNotFound() {
        TableDescription table = streamedTable("ds-missing", StreamViewType.KEYS_ONLY);
        String missing = table.tableArn() + "/stream/2000-01-01T00:00:00.000";
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException", () -> describe(missing));
    }

    /** API_streams_ListStreams, Limit: valid range 1-100. */
    @Test
    void listStreamsLimitOfZeroIsRefused() {
        assertAwsError(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value"
                        + " greater than or equal to 1",
                () -> streams().listStreams(b -> b.limit(0)));
    }

    /** Streams.html: a deleted table's stream stays readable for 24 hours and is described DISABLED. */
    @Test
    void streamOfADeletedTableIsDescribedDisabled() {
        TableDescription table = streamedTable("ds-deleted", StreamViewType.KEYS_ONLY);
        client().deleteTable(b -> b.tableName(table.tableName()));
        client().waiter().waitUntilTableNotExists(b -> b.tableName(table.tableName()));
        StreamStatus status = describe(table.latestStreamArn()).streamStatus();
        assertTrue(status == StreamStatus.DISABLED || status == StreamStatus.DISABLING, String.valueOf(status));
    }
}
