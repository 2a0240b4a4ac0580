package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.n;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.s;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Which writes make stream records: every write that changes an item makes exactly one, in the order of the
 * writes, whatever the API (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems); a write
 * that changes nothing makes none.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Change data capture for DynamoDB Streams</a>
 *      ("If you perform a PutItem or UpdateItem operation that does not change any data in an item, DynamoDB
 *      Streams does not write a stream record for that operation.")
 */
class StreamRecordWritesConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String table(String prefix) {
        String name = uniqueName(prefix);
        createActive(client(), streamedHashTable(name, StreamViewType.NEW_AND_OLD_IMAGES));
        return name;
    }

    private static List<Record> records(String table) {
        return StreamReader.allRecords(client(), DYNAMODB.streamsClient(), table);
    }

    private static List<OperationType> eventNames(String table) {
        return records(table).stream().map(Record::eventName).toList();
    }

    private static void put(String table, Map<String, AttributeValue> item) {
        client().putItem(b -> b.tableName(table).item(item));
    }

    /** Streams.html: a PutItem of a new item is an INSERT. */
    @Test
    void putOfANewItemIsAnInsert() {
        String table = table("w-put-new");
        put(table, item("pk", "a", "v", "1"));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** Streams.html: a PutItem replacing an item with different attributes is a MODIFY. */
    @Test
    void putReplacingAnItemIsAModify() {
        String table = table("w-put-replace");
        put(table, item("pk", "a", "v", "1"));
        put(table, item("pk", "a", "v", "2"));
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY), eventNames(table));
    }

    /** Streams.html: a PutItem of an item identical to the stored one changes nothing and makes no record. */
    @Test
    void putOfAnIdenticalItemMakesNoRecord() {
        String table = table("w-put-same");
        put(table, item("pk", "a", "v", "1", "n", n("5")));
        put(table, item("pk", "a", "v", "1", "n", n("5")));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** Streams.html: an UpdateItem that sets the values the item already has makes no record. */
    @Test
    void updateThatChangesNothingMakesNoRecord() {
        String table = table("w-update-same");
        put(table, item("pk", "a", "v", "1"));
        client().updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("1"))));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** Streams.html: a DeleteItem of an item that does not exist deletes nothing and makes no record. */
    @Test
    void deleteOfAMissingItemMakesNoRecord() {
        String table = table("w-delete-missing");
        put(table, item("pk", "a"));
        client().deleteItem(b -> b.tableName(table).key(item("pk", "nobody")));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** A write refused by its condition changes nothing and makes no record. */
    @Test
    void writeFailingItsConditionMakesNoRecord() {
        String table = table("w-condition");
        put(table, item("pk", "a", "v", "1"));
        assertThrows(ConditionalCheckFailedException.class, () -> client().putItem(b -> b.tableName(table)
                .item(item("pk", "a", "v", "2")).conditionExpression("attribute_not_exists(pk)")));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** Streams.html: an UpdateItem that creates the item is an INSERT whose new image is the created item. */
    @Test
    void updateCreatingAnItemIsAnInsert() {
        String table = table("w-update-new");
        client().updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("1"))));
        List<Record> records = records(table);
        assertEquals(OperationType.INSERT, records.get(0).eventName());
        assertEquals(item("pk", "a", "v", "1"), records.get(0).dynamodb().newImage());
    }

    /** Streams.html: an UpdateItem changing an item is a MODIFY with the images before and after. */
    @Test
    void updateChangingAnItemIsAModifyWithBothImages() {
        String table = table("w-update-modify");
        put(table, item("pk", "a", "count", n("1")));
        client().updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("ADD #c :one")
                .expressionAttributeNames(Map.of("#c", "count")).expressionAttributeValues(Map.of(":one", n("1"))));
        Record modify = records(table).get(1);
        assertEquals(OperationType.MODIFY, modify.eventName());
        assertEquals(item("pk", "a", "count", n("1")), modify.dynamodb().oldImage());
        assertEquals(item("pk", "a", "count", n("2")), modify.dynamodb().newImage());
    }

    /** API_BatchWriteItem: each put and delete of a batch makes its own record. */
    @Test
    void batchWriteMakesOneRecordPerChangedItem() {
        String table = table("w-batch");
        put(table, item("pk", "old"));
        client().batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(item("pk", "x"))).build(),
                WriteRequest.builder().putRequest(p -> p.item(item("pk", "y"))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(item("pk", "old"))).build()))));
        List<Record> records = records(table);
        assertEquals(4, records.size(), records.toString());
        assertEquals(List.of("old", "old", "x", "y"),
                records.stream().map(r -> r.dynamodb().keys().get("pk").s()).sorted().toList());
        assertEquals(1, records.stream().filter(r -> r.eventName() == OperationType.REMOVE).count());
    }

    /** API_TransactWriteItems: every item a transaction changes gets a record. */
    @Test
    void transactionMakesOneRecordPerChangedItem() {
        String table = table("w-transact");
        put(table, item("pk", "a", "v", "1"));
        client().transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("pk", "b")).build()).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", "a"))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("2")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("pk", "c"))).build()));
        List<Record> records = records(table);
        // INSERT a, then the transaction: INSERT b and MODIFY a; deleting the missing c changes nothing.
        assertEquals(3, records.size(), records.toString());
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY),
                records.subList(1, 3).stream().map(Record::eventName).sorted().toList());
    }

    /** API_TransactWriteItems: a ConditionCheck reads and does not write, so it makes no record. */
    @Test
    void transactionConditionCheckMakesNoRecord() {
        String table = table("w-transact-check");
        put(table, item("pk", "a"));
        client().transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", "a"))
                        .conditionExpression("attribute_exists(pk)")).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("pk", "b")).build()).build()));
        List<Record> records = records(table);
        assertEquals(2, records.size(), records.toString());
        assertEquals("b", records.get(1).dynamodb().keys().get("pk").s());
    }

    /** API_TransactWriteItems: a cancelled transaction writes nothing, so it makes no record. */
    @Test
    void cancelledTransactionMakesNoRecord() {
        String table = table("w-transact-cancel");
        put(table, item("pk", "a"));
        assertThrows(TransactionCanceledException.class, () -> client().transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item("pk", "b")).build()).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", "a"))
                        .conditionExpression("attribute_not_exists(pk)")).build())));
        assertEquals(List.of(OperationType.INSERT), eventNames(table));
    }

    /** Streams.html: "the stream records appear in the same sequence as the actual modifications to the item". */
    @Test
    void recordsFollowTheOrderOfTheWrites() {
        String table = table("w-order");
        for (int i = 0; i < 20; i++) {
            put(table, item("pk", "k" + (i % 3), "v", n(Integer.toString(i))));
        }
        List<String> values = records(table).stream().map(r -> r.dynamodb().newImage().get("v").n()).toList();
        assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(Integer::toString).toList(), values);
    }

    /** Streams.html: writes to a table without a stream are not recorded once a stream is enabled later. */
    @Test
    void writesBeforeTheStreamWasEnabledAreNotInIt() {
        String name = uniqueName("w-before");
        createActive(client(), dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable(name).build());
        put(name, item("pk", "before"));
        client().updateTable(b -> b.tableName(name).streamSpecification(
                dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream(StreamViewType.KEYS_ONLY)));
        client().waiter().waitUntilTableExists(b -> b.tableName(name));
        put(name, item("pk", "after"));
        List<Record> records = records(name);
        assertTrue(records.stream().noneMatch(r -> r.dynamodb().keys().get("pk").s().equals("before")), records.toString());
        assertEquals(1, records.size(), records.toString());
    }
}
