package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** GameScoresHandler against the DynamoDB engine, fed the real stream records of real writes. */
class GameScoresHandlerIT {

    private DynamoDbEngine ddb;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;
    private StreamTail tail;
    private GameScoresHandler handler;

    @BeforeEach
    void start() {
        ddb = DynamoDbEngine.inMemory(0);
        dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1);
        WiringTables.load().create(dynamoDb, "GameScoreRecords", "GameScoresByUser", "AggregateLedger");
        tail = StreamTail.of(dynamoDb, "GameScoreRecords");
        handler = new GameScoresHandler(dynamoDb, "GameScoresByUser", "AggregateLedger");
    }

    @AfterEach
    void stop() {
        streams.close();
        dynamoDb.close();
        ddb.close();
    }

    @Test
    void handleRequest_addsTheSeedsSampleEvent_toDynamoDb() {
        DynamodbEvent sample = LambdaEvents.load("/dynamodb/game-scores-seed-sample.json", DynamodbEvent.class);

        assertEquals(List.of(), handler.handleRequest(sample, null).getBatchItemFailures());

        assertRow("Jane Doe", "100", 1);
        Map<String, AttributeValue> ledger = ledger("GameScoreRecords#2");
        assertEquals("0".repeat(37) + "111", ledger.get("sequenceNumber").s());
        assertEquals("Jane Doe", ledger.get("groupKey").s());
    }

    @Test
    void handleRequest_keepsScoresPerUser_throughInsertModifyMoveAndRemove() {
        put(1, "alice", "100");
        put(2, "bob", "50");
        assertNoFailures(deliver(tail.poll(streams)));
        assertRow("alice", "100", 1);
        assertRow("bob", "50", 1);

        dynamoDb.updateItem(b -> b.tableName("GameScoreRecords").key(recordId(1))
                .updateExpression("SET Score = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromN("130.5"))));
        assertNoFailures(deliver(tail.poll(streams)));
        assertRow("alice", "130.5", 1);

        put(2, "alice", "70"); // bob's record now belongs to alice
        assertNoFailures(deliver(tail.poll(streams)));
        assertRow("alice", "200.5", 2);
        assertFalse(rows().containsKey("bob"), "a user without records has no row");

        dynamoDb.deleteItem(b -> b.tableName("GameScoreRecords").key(recordId(1)));
        Instant removedAt = Instant.now();
        assertNoFailures(deliver(tail.poll(streams)));
        assertRow("alice", "70", 1);

        Map<String, AttributeValue> tombstone = ledger("GameScoreRecords#1");
        assertEquals("REMOVE", tombstone.get("lastEvent").s());
        assertFalse(tombstone.containsKey("groupKey"));
        long expiresAt = Long.parseLong(tombstone.get("expiresAt").n());
        long expected = removedAt.plus(Duration.ofHours(48)).getEpochSecond();
        assertTrue(Math.abs(expiresAt - expected) < 120, "tombstone expires 48 h after the removal: " + expiresAt);
        assertFalse(ledger("GameScoreRecords#2").containsKey("expiresAt"), "live entries never expire");
    }

    @Test
    void handleRequest_writesNothing_whenTheSameBatchIsDeliveredTwice() {
        put(1, "alice", "10");
        put(2, "bob", "20");
        put(1, "bob", "15");
        dynamoDb.deleteItem(b -> b.tableName("GameScoreRecords").key(recordId(2)));
        List<Record> batch = tail.poll(streams);
        assertNoFailures(deliver(batch));
        var rows = rows();
        var ledger = TableScans.scan(dynamoDb, "AggregateLedger");

        assertNoFailures(deliver(batch));

        assertEquals(rows, rows());
        // Not even the ledger's appliedAt moved: a redelivered batch costs reads only.
        assertEquals(ledger, TableScans.scan(dynamoDb, "AggregateLedger"));
        assertRow("bob", "15", 1);
        assertFalse(rows.containsKey("alice"));
    }

    @Test
    void handleRequest_appliesEachChangeOnce_whenTheFirstHalfIsDeliveredAgainBeforeTheWholeBatch() {
        put(1, "alice", "10");
        put(2, "alice", "20");
        put(3, "bob", "5");
        put(1, "carol", "11");
        put(2, "alice", "25");
        dynamoDb.deleteItem(b -> b.tableName("GameScoreRecords").key(recordId(3)));
        List<Record> batch = tail.poll(streams);
        List<Record> firstHalf = batch.subList(0, batch.size() / 2);

        assertNoFailures(deliver(firstHalf));
        assertNoFailures(deliver(firstHalf));
        assertNoFailures(deliver(batch));

        assertRow("alice", "25", 1);
        assertRow("carol", "11", 1);
        assertFalse(rows().containsKey("bob"));
    }

    @Test
    void handleRequest_ignoresAnOlderRecordDeliveredAgain_afterALaterOneWasApplied() {
        put(5, "alice", "10");
        put(5, "bob", "20");
        List<Record> batch = tail.poll(streams);
        assertNoFailures(deliver(batch));

        assertNoFailures(deliver(List.of(batch.get(0))));

        assertRow("bob", "20", 1);
        assertFalse(rows().containsKey("alice"));
    }

    @Test
    void handleRequest_reportsAWrongTypedScore_andAppliesTheRecordsAroundItOnce() {
        put(1, "alice", "10");
        dynamoDb.putItem(b -> b.tableName("GameScoreRecords").item(Map.of("RecordID", AttributeValue.fromN("2"),
                "Username", AttributeValue.fromS("alice"), "Score", AttributeValue.fromS("lots"))));
        put(3, "alice", "30");
        List<Record> batch = tail.poll(streams);

        StreamsEventResponse response = deliver(batch);

        assertEquals(List.of(batch.get(1).dynamodb().sequenceNumber()), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertRow("alice", "10", 1);
        // Lambda retries from the bad record and, after giving up on it, delivers what follows.
        assertEquals(1, deliver(batch.subList(1, 3)).getBatchItemFailures().size());
        assertNoFailures(deliver(batch.subList(2, 3)));
        assertRow("alice", "40", 2);
    }

    private StreamsEventResponse deliver(List<Record> records) {
        return handler.handleRequest(LambdaEvents.fromJson(tail.eventJson(records), DynamodbEvent.class), null);
    }

    private void put(int recordId, String username, String score) {
        Map<String, AttributeValue> item = new HashMap<>(recordId(recordId));
        item.put("Username", AttributeValue.fromS(username));
        item.put("Score", AttributeValue.fromN(score));
        item.put("Nickname", AttributeValue.fromS(username.substring(0, 1)));
        dynamoDb.putItem(b -> b.tableName("GameScoreRecords").item(item));
    }

    private static Map<String, AttributeValue> recordId(int id) {
        return Map.of("RecordID", AttributeValue.fromN(Integer.toString(id)));
    }

    private Map<String, Map<String, AttributeValue>> rows() {
        return TableScans.rows(dynamoDb, "GameScoresByUser", "Username");
    }

    private Map<String, AttributeValue> ledger(String recordKey) {
        return dynamoDb.getItem(b -> b.tableName("AggregateLedger")
                .key(Map.of("recordKey", AttributeValue.fromS(recordKey)))).item();
    }

    private void assertRow(String username, String score, int records) {
        Map<String, AttributeValue> row = rows().get(username);
        assertTrue(row != null, () -> "no row for " + username + " in " + rows());
        assertEquals(0, new BigDecimal(score).compareTo(new BigDecimal(row.get("Score").n())), () -> username + ": " + row);
        assertEquals(0, BigDecimal.valueOf(records).compareTo(new BigDecimal(row.get("recordCount").n())), () -> username + ": " + row);
    }

    private static void assertNoFailures(StreamsEventResponse response) {
        assertEquals(List.of(), response.getBatchItemFailures());
    }
}
