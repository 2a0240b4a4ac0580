package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.n;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Time to Live expiry: the engine's sweeper deletes expired items (the engine's clock is moved forward
 * instead of waiting), writes a REMOVE stream record made by the service, and leaves alone items whose TTL
 * attribute is not a number.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html">Time to Live (TTL)</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html">DynamoDB Streams and Time to Live</a>
 */
class TimeToLiveExpiryConformanceTest {

    private static final MutableClock CLOCK = MutableClock.startingNow();
    private static DynamoDbEngine engine;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startEngineWithAMovableClock() {
        engine = DynamoDbEngine.builder().port(0).clock(CLOCK).ttlSweepInterval(Duration.ofMillis(100)).build();
        client = ConformanceSupport.client(engine.endpoint(), engine.region());
        streams = ConformanceSupport.streamsClient(engine.endpoint(), engine.region());
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
            streams.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static String ttlTable(String prefix) {
        String name = uniqueName(prefix);
        createActive(client, streamedHashTable(name, StreamViewType.NEW_AND_OLD_IMAGES));
        client.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        return name;
    }

    private static long nowSeconds() {
        return CLOCK.instant().getEpochSecond();
    }

    private static boolean exists(String table, String pk) {
        return client.getItem(b -> b.tableName(table).key(item("pk", pk)).consistentRead(true)).hasItem();
    }

    /** Waits (real time) for the sweeper, which runs every 100 ms, to delete an item. */
    private static void awaitDeleted(String table, String pk) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!exists(table, pk)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("expired item " + pk + " of " + table + " was not deleted within 10 s");
    }

    /** Gives the sweeper time for several runs (it runs every 100 ms). */
    private static void letTheSweeperRun() throws InterruptedException {
        Thread.sleep(1_000);
    }

    private static List<Record> allRecords(String table) {
        String streamArn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<Record> records = new ArrayList<>();
        streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().forEach(shard -> {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 20 && iterator != null; page++) {
                String current = iterator;
                var response = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(response.records());
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        });
        return records;
    }

    /** TTL: "DynamoDB automatically deletes expired items" once the time in the TTL attribute has passed. */
    @Test
    void expiredItemIsDeletedBySweeper() throws InterruptedException {
        String table = ttlTable("ttl-expire");
        client.putItem(b -> b.tableName(table).item(item("pk", "soon", "expiresAt", n(Long.toString(nowSeconds() + 60)))));
        CLOCK.advance(Duration.ofMinutes(2));
        awaitDeleted(table, "soon");
    }

    /** TTL: an item whose expiry time is still in the future stays. */
    @Test
    void itemNotYetExpiredStays() throws InterruptedException {
        String table = ttlTable("ttl-future");
        client.putItem(b -> b.tableName(table).item(item("pk", "later", "expiresAt", n(Long.toString(nowSeconds() + 86_400)))));
        CLOCK.advance(Duration.ofMinutes(1));
        letTheSweeperRun();
        assertTrue(exists(table, "later"));
    }

    /** TTL: the TTL attribute must be a Number; an item whose attribute has another type is ignored by TTL. */
    @Test
    void itemWithStringTtlAttributeNeverExpires() throws InterruptedException {
        String table = ttlTable("ttl-string");
        client.putItem(b -> b.tableName(table).item(item("pk", "string", "expiresAt", Long.toString(nowSeconds() - 60))));
        CLOCK.advance(Duration.ofMinutes(2));
        letTheSweeperRun();
        assertTrue(exists(table, "string"));
    }

    /** TTL: an item without the TTL attribute never expires. */
    @Test
    void itemWithoutTtlAttributeNeverExpires() throws InterruptedException {
        String table = ttlTable("ttl-none");
        client.putItem(b -> b.tableName(table).item(item("pk", "forever")));
        CLOCK.advance(Duration.ofDays(2));
        letTheSweeperRun();
        assertTrue(exists(table, "forever"));
    }

    /** TTL: the value is in epoch seconds; a millisecond timestamp lies far in the future and does not expire. */
    @Test
    void ttlInMillisecondsDoesNotExpire() throws InterruptedException {
        String table = ttlTable("ttl-millis");
        client.putItem(b -> b.tableName(table).item(item("pk", "millis", "expiresAt",
                n(Long.toString(CLOCK.instant().toEpochMilli())))));
        CLOCK.advance(Duration.ofMinutes(2));
        letTheSweeperRun();
        assertTrue(exists(table, "millis"));
    }

    /** TTL: a table without TTL enabled keeps items whatever their attributes say. */
    @Test
    void tableWithoutTtlKeepsItemsWithPastTimes() throws InterruptedException {
        String table = uniqueName("ttl-disabled");
        createActive(client, streamedHashTable(table, StreamViewType.KEYS_ONLY));
        client.putItem(b -> b.tableName(table).item(item("pk", "kept", "expiresAt", n(Long.toString(nowSeconds() - 60)))));
        CLOCK.advance(Duration.ofMinutes(2));
        letTheSweeperRun();
        assertTrue(exists(table, "kept"));
    }

    /**
     * time-to-live-ttl-streams: a TTL deletion is a REMOVE record whose userIdentity is
     * {"type":"Service","principalId":"dynamodb.amazonaws.com"}.
     */
    @Test
    void ttlDeletionWritesARemoveRecordMadeByTheService() throws InterruptedException {
        String table = ttlTable("ttl-record");
        client.putItem(b -> b.tableName(table).item(item("pk", "gone", "expiresAt", n(Long.toString(nowSeconds() + 30)))));
        CLOCK.advance(Duration.ofMinutes(2));
        awaitDeleted(table, "gone");
        List<Record> records = allRecords(table);
        Record remove = records.get(records.size() - 1);
        assertEquals(OperationType.REMOVE, remove.eventName());
        assertNotNull(remove.userIdentity(), "userIdentity");
        assertEquals("Service", remove.userIdentity().type());
        assertEquals("dynamodb.amazonaws.com", remove.userIdentity().principalId());
    }

    /** time-to-live-ttl-streams: the REMOVE record of a TTL deletion carries the old image like any deletion. */
    @Test
    void ttlRemoveRecordCarriesTheOldImage() throws InterruptedException {
        String table = ttlTable("ttl-record-image");
        Map<String, AttributeValue> expiring = item("pk", "old", "expiresAt", n(Long.toString(nowSeconds() + 30)),
                "payload", "p");
        client.putItem(b -> b.tableName(table).item(expiring));
        CLOCK.advance(Duration.ofMinutes(2));
        awaitDeleted(table, "old");
        List<Record> records = allRecords(table);
        Record remove = records.get(records.size() - 1);
        assertEquals(expiring, remove.dynamodb().oldImage());
        assertFalse(remove.dynamodb().hasNewImage() && !remove.dynamodb().newImage().isEmpty());
    }

    /** Streams: a user's own DeleteItem carries no userIdentity (only service deletions do). */
    @Test
    void userDeletionHasNoUserIdentity() {
        String table = ttlTable("ttl-user-delete");
        client.putItem(b -> b.tableName(table).item(item("pk", "mine")));
        client.deleteItem(b -> b.tableName(table).key(item("pk", "mine")));
        List<Record> records = allRecords(table);
        Record remove = records.get(records.size() - 1);
        assertEquals(OperationType.REMOVE, remove.eventName());
        assertNull(remove.userIdentity());
    }

    /** UpdateTimeToLive: "As items are deleted, they are removed from any local secondary index and global secondary index". */
    @Test
    void expiredItemLeavesTheGlobalSecondaryIndex() throws InterruptedException {
        String table = uniqueName("ttl-gsi");
        createActive(client, ConformanceSupport.hashTable(table)
                .attributeDefinitions(ConformanceSupport.attribute("pk", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S),
                        ConformanceSupport.attribute("g", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("by-g")
                        .keySchema(ConformanceSupport.key("g", software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                        .projection(p -> p.projectionType(software.amazon.awssdk.services.dynamodb.model.ProjectionType.ALL)))
                .build());
        client.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        client.putItem(b -> b.tableName(table).item(item("pk", "indexed", "g", "x", "expiresAt",
                n(Long.toString(nowSeconds() + 30)))));
        CLOCK.advance(Duration.ofMinutes(2));
        awaitDeleted(table, "indexed");
        assertEquals(0, client.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("x")))).count());
    }
}
