package dev.ddbstreams.dynamodb.durability;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.attribute;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.n;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.s;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.dynamodb.conformance.streams.StreamReader;
import dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An engine closed normally and started again on its data directory has everything it had: tables (with
 * indexes, tags and TTL settings), items and stream records. A restarted engine is to its clients what a
 * DynamoDB endpoint is after a reconnect: the same resources.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html">Core components of DynamoDB</a>
 */
class RestartPersistenceTest {

    private static final String TABLE = "restart-persisted";
    private static Path dataDirectory;
    private static TableDescription before;
    private static List<Record> recordsBefore;
    private static DynamoDbEngine restarted;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void writeStopAndRestart() throws IOException {
        dataDirectory = Files.createTempDirectory("dynamodb-restart");
        try (DynamoDbEngine first = DynamoDbEngine.builder().port(0).dataDirectory(dataDirectory).build();
                DynamoDbClient firstClient = ConformanceSupport.client(first.endpoint(), first.region());
                DynamoDbStreamsClient firstStreams = ConformanceSupport.streamsClient(first.endpoint(), first.region())) {
            createActive(firstClient, hashTable(TABLE).streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES))
                    .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                    .globalSecondaryIndexes(g -> g.indexName("by-g").keySchema(key("g", KeyType.HASH))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()))
                    .tags(Tag.builder().key("team").value("streams").build())
                    .build());
            firstClient.updateTimeToLive(b -> b.tableName(TABLE)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
            firstClient.putItem(b -> b.tableName(TABLE).item(item("pk", "a", "g", "x", "n", n("1"))));
            firstClient.putItem(b -> b.tableName(TABLE).item(item("pk", "b", "g", "x")));
            firstClient.updateItem(b -> b.tableName(TABLE).key(item("pk", "a")).updateExpression("ADD n :one")
                    .expressionAttributeValues(Map.of(":one", n("1"))));
            firstClient.deleteItem(b -> b.tableName(TABLE).key(item("pk", "b")));
            before = firstClient.describeTable(b -> b.tableName(TABLE)).table();
            recordsBefore = StreamReader.allRecords(firstStreams, before.latestStreamArn());
        }
        restarted = DynamoDbEngine.builder().port(0).dataDirectory(dataDirectory).build();
        client = ConformanceSupport.client(restarted.endpoint(), restarted.region());
        streams = ConformanceSupport.streamsClient(restarted.endpoint(), restarted.region());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
            streams.close();
        }
        if (restarted != null) {
            restarted.close();
        }
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TableDescription after() {
        return client.describeTable(b -> b.tableName(TABLE)).table();
    }

    /** API_ListTables: the table is listed after the restart. */
    @Test
    void tableIsStillListed() {
        assertTrue(client.listTables().tableNames().contains(TABLE));
    }

    /** API_DescribeTable: the same ARN, key schema and global secondary index. */
    @Test
    void tableKeepsItsArnKeySchemaAndIndex() {
        TableDescription after = after();
        assertEquals(before.tableArn(), after.tableArn());
        assertEquals(before.keySchema(), after.keySchema());
        assertEquals(before.globalSecondaryIndexes().get(0).indexName(), after.globalSecondaryIndexes().get(0).indexName());
    }

    /** API_DescribeTable: the same stream (LatestStreamArn and StreamSpecification): a restart is not a new stream. */
    @Test
    void tableKeepsItsStream() {
        TableDescription after = after();
        assertEquals(before.latestStreamArn(), after.latestStreamArn());
        assertEquals(before.streamSpecification(), after.streamSpecification());
    }

    /** API_GetItem: the items as last written (the update applied, the deleted item gone). */
    @Test
    void itemsAreKept() {
        assertEquals(item("pk", "a", "g", "x", "n", n("2")),
                client.getItem(b -> b.tableName(TABLE).key(item("pk", "a")).consistentRead(true)).item());
        assertTrue(client.getItem(b -> b.tableName(TABLE).key(item("pk", "b")).consistentRead(true)).item().isEmpty());
    }

    /** API_Query on the index: the index holds the surviving item. */
    @Test
    void indexStillAnswersQueries() {
        assertEquals(1, client.query(b -> b.tableName(TABLE).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x")))).count());
    }

    /** API_streams_GetRecords: the records written before the restart, unchanged (same sequence numbers and event ids). */
    @Test
    void streamRecordsAreKeptWithTheirSequenceNumbers() {
        // Another test may have written after the restart: the records from before come first, unchanged.
        List<Record> after = StreamReader.allRecords(streams, before.latestStreamArn());
        assertEquals(recordsBefore, after.subList(0, Math.min(after.size(), recordsBefore.size())));
    }

    /** Streams: a write after the restart is recorded after the old records, with a greater sequence number. */
    @Test
    void newWritesAfterTheRestartFollowTheOldRecords() {
        client.putItem(b -> b.tableName(TABLE).item(item("pk", "c", "g", "y")));
        List<Record> after = StreamReader.allRecords(streams, before.latestStreamArn());
        assertEquals(recordsBefore, after.subList(0, recordsBefore.size()));
        Record last = after.get(after.size() - 1);
        assertEquals("c", last.dynamodb().keys().get("pk").s());
        assertTrue(new java.math.BigInteger(last.dynamodb().sequenceNumber()).compareTo(
                new java.math.BigInteger(recordsBefore.get(recordsBefore.size() - 1).dynamodb().sequenceNumber())) > 0);
    }

    /** API_DescribeTimeToLive: TTL stays enabled on the same attribute. */
    @Test
    void timeToLiveSettingIsKept() {
        var ttl = client.describeTimeToLive(b -> b.tableName(TABLE)).timeToLiveDescription();
        assertTrue(ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        assertEquals("expiresAt", ttl.attributeName());
    }

    /** API_ListTagsOfResource: the table keeps its tags. */
    @Test
    void tagsAreKept() {
        assertEquals(List.of(Tag.builder().key("team").value("streams").build()),
                client.listTagsOfResource(b -> b.resourceArn(before.tableArn())).tags());
    }
}
