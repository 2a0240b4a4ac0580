package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB loggers fed with records from the DynamoDB engine's real streams, in each table's real stream
 * view type: what the seeds write, as DynamoDB actually delivers it (numbers normalised, images present
 * or absent per view type).
 */
class EventLoggersIT {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startDynamoDbEngine() {
        dynamoDb = LocalClients.dynamoDb(DYNAMODB.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(DYNAMODB.endpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void stopDynamoDbEngine() {
        streams.close();
        dynamoDb.close();
    }

    @Test
    void keysLogger_logsTheSeedOrder_fromAKeysOnlyStream() {
        StreamTail stream = createTable("Orders");
        // Seed 001's put-item: {"Id": {"N": "1.0"}, "Amount": {"N": "1000.0"}}.
        dynamoDb.putItem(b -> b.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1.0"),
                "Amount", AttributeValue.fromN("1000.0"))));

        CapturedLog captured = new CapturedLog();
        StreamsEventResponse response = new KeysLoggerHandler(new KeysLogger(captured.log))
                .handleRequest(delivered(stream), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        JsonNode line = captured.lines().get(0);
        assertEquals("Orders", line.get("table").asText());
        assertEquals("INSERT", line.get("eventName").asText());
        assertEquals(CapturedLog.parse("{\"Amount\": 1000, \"Id\": 1}"), line.get("keys"));
    }

    @Test
    void imageEcho_logsInsertModifyAndRemove_fromANewImageStream() {
        StreamTail stream = createTable("StoreOrders");
        Map<String, AttributeValue> order = Map.of("id", AttributeValue.fromS("o1"), "item", AttributeValue.fromS("tea"),
                "quantity", AttributeValue.fromN("2"), "price", AttributeValue.fromN("4.25"),
                "receipt", AttributeValue.fromB(SdkBytes.fromUtf8String("ok")));
        dynamoDb.putItem(b -> b.tableName("StoreOrders").item(order));
        dynamoDb.updateItem(b -> b.tableName("StoreOrders").key(Map.of("id", AttributeValue.fromS("o1")))
                .updateExpression("SET quantity = :q").expressionAttributeValues(Map.of(":q", AttributeValue.fromN("3"))));
        dynamoDb.deleteItem(b -> b.tableName("StoreOrders").key(Map.of("id", AttributeValue.fromS("o1"))));

        CapturedLog captured = new CapturedLog();
        StreamsEventResponse response = new ImageEchoHandler(new ImageEchoLogger(captured.log))
                .handleRequest(delivered(stream), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<JsonNode> lines = captured.lines();
        assertEquals(List.of("new image", "new image", "item removed"), lines.stream().map(l -> l.get("message").asText()).toList());
        assertEquals(CapturedLog.parse("""
                {"id": "o1", "item": "tea", "price": 4.25, "quantity": 2, "receipt": "b2s="}
                """), lines.get(0).get("newImage"));
        assertEquals(3, lines.get(1).get("newImage").get("quantity").asInt());
        assertFalse(lines.get(2).has("newImage"));
    }

    @Test
    void userRemovalLogger_logsTheSeedUsersRemoval_withTheEmailMasked() {
        StreamTail stream = createTable("Users");
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("4cgl4td0mufwl0wiqrepuba9k9"));
        dynamoDb.putItem(b -> b.tableName("Users").item(Map.of("id", key.get("id"),
                "email", AttributeValue.fromS("test@test.com"), "timestamp", AttributeValue.fromN("1520547428623"))));
        dynamoDb.deleteItem(b -> b.tableName("Users").key(key));

        CapturedLog captured = new CapturedLog();
        // Without the mapping's REMOVE filter the INSERT arrives too: it is acknowledged, not logged in detail.
        StreamsEventResponse response = new UserRemovalLoggerHandler(new UserRemovalLogger(captured.log))
                .handleRequest(delivered(stream), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<JsonNode> lines = captured.lines();
        assertEquals(List.of("record ignored", "user removed"), lines.stream().map(l -> l.get("message").asText()).toList());
        assertEquals(CapturedLog.parse("""
                {"id": "4cgl4td0mufwl0wiqrepuba9k9", "timestamp": 1520547428623, "email": "t***@test.com"}
                """), lines.get(1).get("user"));
        assertTrue(captured.text().contains("\"timestamp\":1520547428623"));
        assertFalse(captured.text().contains("test@test.com"));
    }

    /** The table as terraform/wiring.json declares it (keys, stream view type), and a tail of its stream. */
    private static StreamTail createTable(String name) {
        WiringTables.load().create(dynamoDb, name);
        return StreamTail.of(dynamoDb, name);
    }

    /** Everything written to the table so far, as the event Lambda would deliver. */
    private static DynamodbEvent delivered(StreamTail stream) {
        return LambdaEvents.fromJson(stream.eventJson(stream.poll(streams)), DynamodbEvent.class);
    }
}
