package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.emulators.DynamoDbLocal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB loggers fed with records from DynamoDB Local's real streams, in each table's real stream
 * view type: what the seeds write, as DynamoDB actually delivers it (numbers normalised, images present
 * or absent per view type).
 */
class EventLoggersIT {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static DynamoDbLocal ddb;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startDynamoDbLocal() {
        ddb = DynamoDbLocal.inMemory(0);
        dynamoDb = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        streams.close();
        dynamoDb.close();
        ddb.close();
    }

    @Test
    void keysLogger_logsTheSeedOrder_fromAKeysOnlyStream() {
        String streamArn = createTable("Orders", StreamViewType.KEYS_ONLY,
                key("Id", ScalarAttributeType.N, KeyType.HASH), key("Amount", ScalarAttributeType.N, KeyType.RANGE));
        // Seed 001's put-item: {"Id": {"N": "1.0"}, "Amount": {"N": "1000.0"}}.
        dynamoDb.putItem(b -> b.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1.0"),
                "Amount", AttributeValue.fromN("1000.0"))));

        CapturedLog captured = new CapturedLog();
        StreamsEventResponse response = new KeysLoggerHandler(new KeysLogger(captured.log))
                .handleRequest(LocalStreams.event(LocalStreams.readAll(streams, streamArn), streamArn), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        JsonNode line = captured.lines().get(0);
        assertEquals("Orders", line.get("table").asText());
        assertEquals("INSERT", line.get("eventName").asText());
        assertEquals(CapturedLog.parse("{\"Amount\": 1000, \"Id\": 1}"), line.get("keys"));
    }

    @Test
    void imageEcho_logsInsertModifyAndRemove_fromANewImageStream() {
        String streamArn = createTable("StoreOrders", StreamViewType.NEW_IMAGE, key("id", ScalarAttributeType.S, KeyType.HASH));
        Map<String, AttributeValue> order = Map.of("id", AttributeValue.fromS("o1"), "item", AttributeValue.fromS("tea"),
                "quantity", AttributeValue.fromN("2"), "price", AttributeValue.fromN("4.25"),
                "receipt", AttributeValue.fromB(SdkBytes.fromUtf8String("ok")));
        dynamoDb.putItem(b -> b.tableName("StoreOrders").item(order));
        dynamoDb.updateItem(b -> b.tableName("StoreOrders").key(Map.of("id", AttributeValue.fromS("o1")))
                .updateExpression("SET quantity = :q").expressionAttributeValues(Map.of(":q", AttributeValue.fromN("3"))));
        dynamoDb.deleteItem(b -> b.tableName("StoreOrders").key(Map.of("id", AttributeValue.fromS("o1"))));

        CapturedLog captured = new CapturedLog();
        StreamsEventResponse response = new ImageEchoHandler(new ImageEchoLogger(captured.log))
                .handleRequest(LocalStreams.event(LocalStreams.readAll(streams, streamArn), streamArn), null);

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
        String streamArn = createTable("Users", StreamViewType.NEW_AND_OLD_IMAGES, key("id", ScalarAttributeType.S, KeyType.HASH));
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("4cgl4td0mufwl0wiqrepuba9k9"));
        dynamoDb.putItem(b -> b.tableName("Users").item(Map.of("id", key.get("id"),
                "email", AttributeValue.fromS("test@test.com"), "timestamp", AttributeValue.fromN("1520547428623"))));
        dynamoDb.deleteItem(b -> b.tableName("Users").key(key));

        CapturedLog captured = new CapturedLog();
        // Without the mapping's REMOVE filter the INSERT arrives too: it is acknowledged, not logged in detail.
        StreamsEventResponse response = new UserRemovalLoggerHandler(new UserRemovalLogger(captured.log))
                .handleRequest(LocalStreams.event(LocalStreams.readAll(streams, streamArn), streamArn), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<JsonNode> lines = captured.lines();
        assertEquals(List.of("record ignored", "user removed"), lines.stream().map(l -> l.get("message").asText()).toList());
        assertEquals(CapturedLog.parse("""
                {"id": "4cgl4td0mufwl0wiqrepuba9k9", "timestamp": 1520547428623, "email": "t***@test.com"}
                """), lines.get(1).get("user"));
        assertTrue(captured.text().contains("\"timestamp\":1520547428623"));
        assertFalse(captured.text().contains("test@test.com"));
    }

    private static String createTable(String name, StreamViewType viewType, TableKey... keys) {
        return dynamoDb.createTable(b -> b.tableName(name)
                .keySchema(Arrays.stream(keys).map(k -> KeySchemaElement.builder()
                        .attributeName(k.name()).keyType(k.keyType()).build()).toList())
                .attributeDefinitions(Arrays.stream(keys).map(k -> AttributeDefinition.builder()
                        .attributeName(k.name()).attributeType(k.type()).build()).toList())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build()))
                .tableDescription().latestStreamArn();
    }

    private static TableKey key(String name, ScalarAttributeType type, KeyType keyType) {
        return new TableKey(name, type, keyType);
    }

    private record TableKey(String name, ScalarAttributeType type, KeyType keyType) {
    }
}
