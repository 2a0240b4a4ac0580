package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.VALIDATION;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorContaining;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem: response shapes, UnprocessedKeys/UnprocessedItems, projections, the 100
 * key and 25 request limits, duplicate keys, unknown tables. Messages are those dynalite's batch tests
 * recorded against AWS unless a test says otherwise.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html">BatchGetItem</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html">BatchWriteItem</a>
 */
class BatchConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;
    private static String other;

    @BeforeAll
    static void createTablesAndItems() {
        table = Tables.createHashTable(client(), "batch", "pk", ScalarAttributeType.S);
        other = Tables.createHashRangeTable(client(), "batch-other", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.N);
        for (int i = 0; i < 120; i++) {
            int v = i;
            client().putItem(r -> r.tableName(table).item(item("pk", s("k" + v), "v", n(v), "extra", s("x" + v))));
        }
        client().putItem(r -> r.tableName(other).item(item("pk", s("o"), "sk", n(1), "w", s("other"))));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static List<Map<String, AttributeValue>> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> item("pk", s("k" + i))).collect(Collectors.toList());
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
    }

    private static boolean exists(String tableName, Map<String, AttributeValue> key) {
        return client().getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).hasItem();
    }

    @Test
    void batchGetItem_returnsTheFoundItems_underTheirTableName() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys(0, 3)).build())));

        List<Map<String, AttributeValue>> items = new ArrayList<>(response.responses().get(table));
        items.sort(Comparator.comparing(i -> Integer.parseInt(i.get("v").n())));
        assertEquals(List.of(item("pk", s("k0"), "v", n(0), "extra", s("x0")),
                item("pk", s("k1"), "v", n(1), "extra", s("x1")), item("pk", s("k2"), "v", n(2), "extra", s("x2"))),
                items);
    }

    @Test
    void batchGetItem_omitsKeysThatMatchNoItem() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(List.of(item("pk", s("k5")), item("pk", s("absent")))).build())));

        assertEquals(1, response.responses().get(table).size());
        assertEquals(s("k5"), response.responses().get(table).get(0).get("pk"));
    }

    @Test
    void batchGetItem_returnsAnEmptyUnprocessedKeysMap_whenEverythingWasRead() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys(0, 10)).build())));

        assertTrue(response.unprocessedKeys().isEmpty());
    }

    @Test
    void batchGetItem_readsFromSeveralTablesInOneCall() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(
                table, KeysAndAttributes.builder().keys(List.of(item("pk", s("k7")))).build(),
                other, KeysAndAttributes.builder().keys(List.of(item("pk", s("o"), "sk", n(1)))).build())));

        assertEquals(n(7), response.responses().get(table).get(0).get("v"));
        assertEquals(s("other"), response.responses().get(other).get(0).get("w"));
    }

    @Test
    void batchGetItem_appliesTheTablesProjectionExpression() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(List.of(item("pk", s("k3")))).projectionExpression("#v")
                        .expressionAttributeNames(Map.of("#v", "v")).build())));

        assertEquals(List.of(item("v", n(3))), response.responses().get(table));
    }

    @Test
    void batchGetItem_acceptsConsistentReadPerTable() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("fresh"), "v", n(1))));
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(List.of(item("pk", s("fresh")))).consistentRead(true).build())));

        assertEquals(1, response.responses().get(table).size());
    }

    /** "A single operation can retrieve up to 16 MB of data, which can contain as many as 100 items." */
    @Test
    void batchGetItem_accepts100Keys() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys(0, 100)).build())));

        int unprocessed = response.unprocessedKeys().isEmpty() ? 0 : response.unprocessedKeys().get(table).keys().size();
        assertEquals(100, response.responses().get(table).size() + unprocessed);
    }

    @Test
    void batchGetItem_refusesMoreThan100Keys() {
        assertValidation("Too many items requested for the BatchGetItem call",
                () -> client().batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keys(0, 101)).build()))));
    }

    @Test
    void batchGetItem_refusesMoreThan100KeysAcrossTables() {
        assertValidation("Too many items requested for the BatchGetItem call",
                () -> client().batchGetItem(r -> r.requestItems(Map.of(
                        table, KeysAndAttributes.builder().keys(keys(0, 100)).build(),
                        other, KeysAndAttributes.builder().keys(List.of(item("pk", s("o"), "sk", n(1)))).build()))));
    }

    @Test
    void batchGetItem_refusesDuplicateKeys() {
        assertValidation("Provided list of item keys contains duplicates",
                () -> client().batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(List.of(item("pk", s("k1")), item("pk", s("k1")))).build()))));
    }

    @Test
    void batchGetItem_refusesAKeyThatDoesNotMatchTheSchema() {
        assertValidation("The provided key element does not match the schema",
                () -> client().batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(List.of(item("pk", n(1)))).build()))));
    }

    @Test
    void batchGetItem_failsWithResourceNotFound_whenATableDoesNotExist() {
        assertResourceNotFound(() -> client().batchGetItem(r -> r.requestItems(Map.of(
                table, KeysAndAttributes.builder().keys(List.of(item("pk", s("k1")))).build(),
                "no-such-table-batch", KeysAndAttributes.builder().keys(List.of(item("pk", s("k1")))).build()))));
    }

    @Test
    void batchGetItem_reportsConsumedCapacityPerTable_whenAskedForTotal() {
        BatchGetItemResponse response = client().batchGetItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys(0, 2)).build(),
                        other, KeysAndAttributes.builder().keys(List.of(item("pk", s("o"), "sk", n(1)))).build())));

        assertEquals(2, response.consumedCapacity().size());
        assertEquals(java.util.Set.of(table, other),
                response.consumedCapacity().stream().map(ConsumedCapacity::tableName).collect(Collectors.toSet()));
    }

    @Test
    void batchWriteItem_putsAndDeletesItems() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("to-delete"))));
        client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                put(item("pk", s("put-1"), "v", n(1))), put(item("pk", s("put-2"), "v", n(2))),
                delete(item("pk", s("to-delete")))))));

        assertTrue(exists(table, item("pk", s("put-1"))));
        assertTrue(exists(table, item("pk", s("put-2"))));
        assertFalse(exists(table, item("pk", s("to-delete"))));
    }

    @Test
    void batchWriteItem_returnsAnEmptyUnprocessedItemsMap_whenEverythingWasWritten() {
        BatchWriteItemResponse response = client().batchWriteItem(r -> r.requestItems(Map.of(table,
                List.of(put(item("pk", s("w-1")))))));

        assertTrue(response.unprocessedItems().isEmpty());
    }

    @Test
    void batchWriteItem_writesToSeveralTablesInOneCall() {
        client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put(item("pk", s("multi")))),
                other, List.of(put(item("pk", s("multi"), "sk", n(2)))))));

        assertTrue(exists(table, item("pk", s("multi"))));
        assertTrue(exists(other, item("pk", s("multi"), "sk", n(2))));
    }

    @Test
    void batchWriteItem_replacesAnExistingItemWholly() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("replace"), "old", s("gone"))));
        client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put(item("pk", s("replace"),
                "new", s("here")))))));

        assertEquals(item("pk", s("replace"), "new", s("here")),
                client().getItem(g -> g.tableName(table).key(item("pk", s("replace")))).item());
    }

    @Test
    void batchWriteItem_accepts25Requests() {
        List<WriteRequest> requests = IntStream.range(0, 25).mapToObj(i -> put(item("pk", s("b25-" + i)))).toList();
        BatchWriteItemResponse response = client().batchWriteItem(r -> r.requestItems(Map.of(table, requests)));

        assertTrue(response.unprocessedItems().isEmpty());
        assertTrue(exists(table, item("pk", s("b25-24"))));
    }

    /** The model's constraint on RequestItems (1 to 25 requests per table); the fixed part of the message is compared. */
    @Test
    void batchWriteItem_refusesMoreThan25Requests() {
        List<WriteRequest> requests = IntStream.range(0, 26).mapToObj(i -> put(item("pk", s("b26-" + i)))).toList();
        assertErrorContaining(VALIDATION, "Member must have length less than or equal to 25",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, requests))));
        assertFalse(exists(table, item("pk", s("b26-0"))));
    }

    @Test
    void batchWriteItem_refusesMoreThan25RequestsAcrossTables() {
        List<WriteRequest> requests = IntStream.range(0, 20).mapToObj(i -> put(item("pk", s("bx-" + i)))).toList();
        List<WriteRequest> others = IntStream.range(0, 6).mapToObj(i -> put(item("pk", s("bx"), "sk", n(i)))).toList();
        assertValidationAny(() -> client().batchWriteItem(r -> r.requestItems(Map.of(table, requests, other, others))));
    }

    private static void assertValidationAny(org.junit.jupiter.api.function.Executable call) {
        AwsErrors.assertErrorCode(VALIDATION, call);
    }

    /** RequestItems lists per table must hold 1 to 25 requests; the model's constraint is compared in part. */
    @Test
    void batchWriteItem_refusesAnEmptyRequestListForATable() {
        assertErrorContaining(VALIDATION, "Member must have length greater than or equal to 1",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of()))));
    }

    @Test
    void batchWriteItem_refusesTwoPutsOfTheSameKey() {
        assertValidation("Provided list of item keys contains duplicates",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                        put(item("pk", s("dup"), "v", n(1))), put(item("pk", s("dup"), "v", n(2))))))));
    }

    @Test
    void batchWriteItem_refusesAPutAndADeleteOfTheSameKey() {
        assertValidation("Provided list of item keys contains duplicates",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                        put(item("pk", s("dup2"))), delete(item("pk", s("dup2"))))))));
    }

    @Test
    void batchWriteItem_refusesAPutWithoutTheKey() {
        assertValidation("The provided key element does not match the schema",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put(item("v", n(1))))))));
    }

    @Test
    void batchWriteItem_refusesAnItemOverTheSizeLimit_andWritesNothing() {
        assertValidation("Item size has exceeded the maximum allowed size",
                () -> client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                        put(item("pk", s("small-ok"))), put(item("pk", s("too-big"), "d", s(Values.ascii(409_600)))))))));
        assertFalse(exists(table, item("pk", s("small-ok"))));
    }

    @Test
    void batchWriteItem_failsWithResourceNotFound_whenATableDoesNotExist() {
        assertResourceNotFound(() -> client().batchWriteItem(r -> r.requestItems(Map.of(
                "no-such-table-batch", List.of(put(item("pk", s("x"))))))));
    }

    @Test
    void batchWriteItem_reportsConsumedCapacityPerTable_whenAskedForTotal() {
        BatchWriteItemResponse response = client().batchWriteItem(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(table, List.of(put(item("pk", s("cc-1"))), put(item("pk", s("cc-2")))))));

        assertEquals(1, response.consumedCapacity().size());
        assertEquals(table, response.consumedCapacity().get(0).tableName());
        assertEquals(2.0, response.consumedCapacity().get(0).capacityUnits());
    }
}
