package dev.ddbstreams.emulators.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import dev.ddbstreams.local.wiring.TableSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** WiringTables, StreamTail and the rendered events against the DynamoDB engine. */
class DynamoDbTestingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void create_makesEveryTableOfTheWiring_withItsKeysStreamAndTtl() throws Exception {
        Map<String, TableSpec> declared = Wiring.load(Path.of("..", "terraform", "wiring.json")).tables();
        List<String> names = new ArrayList<>(declared.keySet());

        try (DynamoDbEngine ddb = DynamoDbEngine.inMemory(0);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1)) {
            WiringTables.load().create(dynamoDb, names.toArray(String[]::new));

            for (String name : names) {
                TableSpec spec = declared.get(name);
                TableDescription table = dynamoDb.describeTable(b -> b.tableName(name)).table();
                assertEquals(expectedKeys(spec), table.keySchema().stream()
                        .map(k -> k.keyTypeAsString() + " " + k.attributeName() + " " + type(table, k)).toList(), name);
                assertEquals(spec.billingMode(), table.billingModeSummary().billingModeAsString(), name);
                assertEquals(spec.streamViewType(),
                        table.streamSpecification() == null ? null : table.streamSpecification().streamViewTypeAsString(), name);
                var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
                if (spec.ttlAttribute() != null) {
                    assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus(), name);
                    assertEquals(spec.ttlAttribute(), ttl.attributeName(), name);
                } else {
                    assertEquals(TimeToLiveStatus.DISABLED, ttl.timeToLiveStatus(), name);
                }
            }
            assertTrue(names.containsAll(List.of("notes", "Orders", "AggregateLedger")), "the wiring was read: " + names);
        }
    }

    @Test
    void createAs_givesTheDeclaredShape_anotherName() {
        try (DynamoDbEngine ddb = DynamoDbEngine.inMemory(0);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1)) {
            WiringTables.load().createAs(dynamoDb, "Orders", "Orders-copy");

            TableDescription table = dynamoDb.describeTable(b -> b.tableName("Orders-copy")).table();
            assertEquals(List.of("HASH Id N", "RANGE Amount N"), table.keySchema().stream()
                    .map(k -> k.keyTypeAsString() + " " + k.attributeName() + " " + type(table, k)).toList());
            assertEquals("KEYS_ONLY", table.streamSpecification().streamViewTypeAsString());
        }
    }

    @Test
    void poll_returnsTheRecordsWrittenSinceTheLastPoll_inWriteOrder() {
        try (DynamoDbEngine ddb = DynamoDbEngine.inMemory(0);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1)) {
            WiringTables.load().create(dynamoDb, "StoreOrders");
            StreamTail tail = StreamTail.of(dynamoDb, "StoreOrders");
            assertEquals(List.of(), tail.poll(streams));

            putOrder(dynamoDb, "o1", "2");
            putOrder(dynamoDb, "o2", "1");
            List<Record> first = tail.poll(streams);
            assertEquals(List.of("INSERT o1", "INSERT o2"), describe(first));
            assertEquals(List.of(), tail.poll(streams), "nothing new");

            putOrder(dynamoDb, "o1", "3");
            dynamoDb.deleteItem(b -> b.tableName("StoreOrders").key(Map.of("id", AttributeValue.fromS("o2"))));
            List<Record> second = tail.poll(streams);
            assertEquals(List.of("MODIFY o1", "REMOVE o2"), describe(second));
            assertTrue(new java.math.BigInteger(first.get(1).dynamodb().sequenceNumber())
                    .compareTo(new java.math.BigInteger(second.get(0).dynamodb().sequenceNumber())) < 0);

            assertEquals(describe(concat(first, second)), describe(StreamTail.of(dynamoDb, "StoreOrders").poll(streams)),
                    "a new tail starts at the trim horizon");
        }
    }

    @Test
    void poll_carriesOnAfterTheLastRecord_whenTheEmulatorRestartsOnItsData() {
        StreamTail tail;
        try (DynamoDbEngine ddb = DynamoDbEngine.start(0, data);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1)) {
            WiringTables.load().create(dynamoDb, "StoreOrders");
            tail = StreamTail.of(dynamoDb, "StoreOrders");
            putOrder(dynamoDb, "o1", "1");
            assertEquals(List.of("INSERT o1"), describe(tail.poll(streams)));
        }
        try (DynamoDbEngine ddb = DynamoDbEngine.start(0, data);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1)) {
            putOrder(dynamoDb, "o2", "1");

            assertEquals(List.of("INSERT o2"), describe(tail.poll(streams)));
        }
    }

    @Test
    void eventJson_readsBackAsTheEventLambdaDelivers_withEveryAttributeTypeAndBothImages() throws Exception {
        try (DynamoDbEngine ddb = DynamoDbEngine.inMemory(0);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.EU_CENTRAL_1);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.EU_CENTRAL_1)) {
            WiringTables.load().create(dynamoDb, "Users");
            StreamTail tail = StreamTail.of(dynamoDb, "Users");
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("u1"));
            dynamoDb.putItem(b -> b.tableName("Users").item(Map.ofEntries(
                    Map.entry("id", AttributeValue.fromS("u1")),
                    Map.entry("timestamp", AttributeValue.fromN("1520547428623")),
                    Map.entry("avatar", AttributeValue.fromB(SdkBytes.fromUtf8String("png"))),
                    Map.entry("active", AttributeValue.fromBool(true)),
                    Map.entry("nickname", AttributeValue.fromNul(true)),
                    Map.entry("tags", AttributeValue.fromSs(List.of("a", "b"))),
                    Map.entry("scores", AttributeValue.fromNs(List.of("1", "2.5"))),
                    Map.entry("keys", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("k")))),
                    Map.entry("history", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromL(List.of())))),
                    Map.entry("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Bonn"),
                            "empty", AttributeValue.fromM(Map.of())))))));
            dynamoDb.deleteItem(b -> b.tableName("Users").key(key));
            List<Record> records = tail.poll(streams);

            String json = tail.eventJson(records);
            DynamodbEvent event = LambdaEvents.fromJson(json, DynamodbEvent.class);

            assertEquals(2, event.getRecords().size());
            DynamodbStreamRecord insert = event.getRecords().get(0);
            assertEquals(records.get(0).eventID(), insert.getEventID());
            assertEquals("INSERT", insert.getEventName());
            assertEquals("1.1", insert.getEventVersion());
            assertEquals("aws:dynamodb", insert.getEventSource());
            assertEquals("eu-central-1", insert.getAwsRegion());
            assertEquals(tail.streamArn(), insert.getEventSourceARN());
            assertEquals(records.get(0).dynamodb().sequenceNumber(), insert.getDynamodb().getSequenceNumber());
            assertEquals(records.get(0).dynamodb().sizeBytes(), insert.getDynamodb().getSizeBytes());
            assertEquals("NEW_AND_OLD_IMAGES", insert.getDynamodb().getStreamViewType());
            assertEquals(records.get(0).dynamodb().approximateCreationDateTime().getEpochSecond(),
                    insert.getDynamodb().getApproximateCreationDateTime().toInstant().getEpochSecond());
            assertEquals("u1", insert.getDynamodb().getKeys().get("id").getS());
            assertNull(insert.getDynamodb().getOldImage());

            var image = insert.getDynamodb().getNewImage();
            assertEquals("1520547428623", image.get("timestamp").getN());
            assertEquals(ByteBuffer.wrap("png".getBytes(StandardCharsets.UTF_8)), image.get("avatar").getB());
            assertTrue(image.get("active").getBOOL());
            assertTrue(image.get("nickname").getNULL());
            assertEquals(List.of("a", "b"), image.get("tags").getSS());
            assertEquals(List.of("1", "2.5"), image.get("scores").getNS());
            assertEquals(List.of(ByteBuffer.wrap("k".getBytes(StandardCharsets.UTF_8))), image.get("keys").getBS());
            assertEquals("x", image.get("history").getL().get(0).getS());
            assertEquals(List.of(), image.get("history").getL().get(1).getL(), "an empty list stays a list");
            assertEquals("Bonn", image.get("address").getM().get("city").getS());
            assertEquals(Map.of(), image.get("address").getM().get("empty").getM());

            DynamodbStreamRecord remove = event.getRecords().get(1);
            assertEquals("REMOVE", remove.getEventName());
            assertEquals("u1", remove.getDynamodb().getKeys().get("id").getS());
            assertNull(remove.getDynamodb().getNewImage(), "a REMOVE carries Keys and OldImage only");
            assertEquals(image, remove.getDynamodb().getOldImage());

            // Members in AWS's order, as a recorded event lists them.
            JsonNode record = JSON.readTree(json).path("Records").path(0);
            assertEquals(List.of("eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb",
                    "eventSourceARN"), fieldNames(record));
            assertEquals(List.of("ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber", "SizeBytes",
                    "StreamViewType"), fieldNames(record.path("dynamodb")));
        }
    }

    @Test
    void eventJson_carriesKeysOnly_fromAKeysOnlyStream() {
        try (DynamoDbEngine ddb = DynamoDbEngine.inMemory(0);
             DynamoDbClient dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1)) {
            WiringTables.load().create(dynamoDb, "Orders");
            StreamTail tail = StreamTail.of(dynamoDb, "Orders");
            dynamoDb.putItem(b -> b.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1.0"),
                    "Amount", AttributeValue.fromN("1000.0"), "note", AttributeValue.fromS("not in the stream"))));

            DynamodbStreamRecord record = LambdaEvents.fromJson(tail.eventJson(tail.poll(streams)), DynamodbEvent.class)
                    .getRecords().get(0);

            assertEquals("us-east-1", record.getAwsRegion());
            assertEquals("KEYS_ONLY", record.getDynamodb().getStreamViewType());
            assertEquals("1", record.getDynamodb().getKeys().get("Id").getN(), "numbers as DynamoDB normalises them");
            assertEquals("1000", record.getDynamodb().getKeys().get("Amount").getN());
            assertNull(record.getDynamodb().getNewImage());
            assertNull(record.getDynamodb().getOldImage());
        }
    }

    private static void putOrder(DynamoDbClient dynamoDb, String id, String quantity) {
        dynamoDb.putItem(b -> b.tableName("StoreOrders").item(Map.of("id", AttributeValue.fromS(id),
                "item", AttributeValue.fromS("tea"), "quantity", AttributeValue.fromN(quantity),
                "price", AttributeValue.fromN("4.25"))));
    }

    private static List<String> describe(List<Record> records) {
        return records.stream().map(r -> r.eventNameAsString() + " " + r.dynamodb().keys().get("id").s()).toList();
    }

    private static List<Record> concat(List<Record> first, List<Record> second) {
        List<Record> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<String> expectedKeys(TableSpec spec) {
        List<String> keys = new ArrayList<>();
        keys.add("HASH " + spec.hashKey().name() + " " + spec.hashKey().type());
        if (spec.rangeKey() != null) {
            keys.add("RANGE " + spec.rangeKey().name() + " " + spec.rangeKey().type());
        }
        return keys;
    }

    private static String type(TableDescription table, KeySchemaElement key) {
        return table.attributeDefinitions().stream().filter(a -> a.attributeName().equals(key.attributeName()))
                .findFirst().orElseThrow().attributeTypeAsString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
