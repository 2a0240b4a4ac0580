package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.Tables.attribute;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.hash;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * ReturnConsumedCapacity (TOTAL, INDEXES, NONE) and the capacity units AWS computes for small items: one write
 * unit per started KB written, one read unit per started 4 KB read strongly, half that eventually consistent.
 * Figures as ScyllaDB's alternator test_returnconsumedcapacity.py checks them against DynamoDB.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html">DynamoDB read and write operations (capacity unit consumption)</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ConsumedCapacity.html">ConsumedCapacity</a>
 */
class ConsumedCapacityConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final int KB = 1024;

    private static String table;

    @BeforeAll
    static void createTable() {
        table = Tables.create(client(), "capacity", t -> t
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .keySchema(hash("pk"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(hash("g"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** An item {pk: key, d: "xxx..."} of exactly {@code totalBytes} bytes as AWS counts them. */
    private static Map<String, AttributeValue> itemOfBytes(String key, int totalBytes) {
        int overhead = "pk".length() + key.length() + "d".length();
        return item("pk", s(key), "d", s(Values.ascii(totalBytes - overhead)));
    }

    private static ConsumedCapacity putTotal(Map<String, AttributeValue> item) {
        return client().putItem(r -> r.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity();
    }

    private static ConsumedCapacity getTotal(String key, boolean consistent) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(consistent)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
    }

    @Test
    void putItem_reportsOneWriteUnitAndTheTableName_forASmallItem() {
        ConsumedCapacity capacity = putTotal(item("pk", s("small"), "v", n(1)));

        assertEquals(table, capacity.tableName());
        assertEquals(1.0, capacity.capacityUnits());
    }

    @Test
    void putItem_reportsOneWriteUnit_forAnItemOfExactly1KB() {
        assertEquals(1.0, putTotal(itemOfBytes("kb1", KB)).capacityUnits());
    }

    @Test
    void putItem_reportsTwoWriteUnits_forAnItemOneByteOver1KB() {
        assertEquals(2.0, putTotal(itemOfBytes("kb1plus", KB + 1)).capacityUnits());
    }

    /** Replacing an item costs the larger of the old and the new item's size. */
    @Test
    void putItem_chargesTheLargerOfTheOldAndNewItem() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("shrink", 2 * KB + 1)));

        assertEquals(3.0, putTotal(item("pk", s("shrink"))).capacityUnits());
    }

    @Test
    void putItem_reportsNoConsumedCapacity_whenNoneIsAsked() {
        assertNull(client().putItem(r -> r.tableName(table).item(item("pk", s("none")))
                .returnConsumedCapacity(ReturnConsumedCapacity.NONE)).consumedCapacity());
        assertNull(client().putItem(r -> r.tableName(table).item(item("pk", s("none")))).consumedCapacity());
    }

    /** INDEXES: the table's and each index's share; writing an item that the GSI holds writes the GSI too. */
    @Test
    void putItem_withIndexes_reportsTheTableAndEachGlobalIndexSeparately() {
        ConsumedCapacity capacity = client().putItem(r -> r.tableName(table).item(item("pk", s("indexed"), "g", s("x")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();

        assertEquals(table, capacity.tableName());
        assertEquals(1.0, capacity.table().capacityUnits());
        assertEquals(1.0, capacity.globalSecondaryIndexes().get("byG").capacityUnits());
        assertEquals(2.0, capacity.capacityUnits());
    }

    @Test
    void putItem_withTotal_omitsThePerIndexBreakdown() {
        ConsumedCapacity capacity = putTotal(item("pk", s("indexed-total"), "g", s("x")));

        assertEquals(2.0, capacity.capacityUnits());
        assertNull(capacity.table());
        assertEquals(false, capacity.hasGlobalSecondaryIndexes());
    }

    @Test
    void putItem_ofAnItemTheIndexDoesNotHold_writesOnlyTheTable() {
        ConsumedCapacity capacity = client().putItem(r -> r.tableName(table).item(item("pk", s("unindexed")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();

        assertEquals(1.0, capacity.capacityUnits());
        assertEquals(1.0, capacity.table().capacityUnits());
    }

    @Test
    void getItem_eventuallyConsistent_consumesHalfAReadUnit_forASmallItem() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("read"))));

        assertEquals(0.5, getTotal("read", false).capacityUnits());
    }

    @Test
    void getItem_stronglyConsistent_consumesOneReadUnit_forASmallItem() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("read-strong"))));

        assertEquals(1.0, getTotal("read-strong", true).capacityUnits());
    }

    /** A missing item still costs a read, as of a zero-length item. */
    @Test
    void getItem_ofAMissingItem_stillConsumesAReadUnit() {
        assertEquals(1.0, getTotal("missing", true).capacityUnits());
        assertEquals(0.5, getTotal("missing", false).capacityUnits());
    }

    @Test
    void getItem_consumesTwoReadUnits_forAnItemOneByteOver4KB() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("kb4plus", 4 * KB + 1)));

        assertEquals(2.0, getTotal("kb4plus", true).capacityUnits());
    }

    @Test
    void getItem_consumesOneReadUnit_forAnItemOfExactly4KB() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("kb4", 4 * KB)));

        assertEquals(1.0, getTotal("kb4", true).capacityUnits());
    }

    /** A projection does not lower the cost: the whole item is read. */
    @Test
    void getItem_withAProjection_costsAsMuchAsTheWholeItem() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("kb4proj", 4 * KB + 1)));
        ConsumedCapacity capacity = client().getItem(r -> r.tableName(table).key(item("pk", s("kb4proj")))
                .projectionExpression("pk").consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity();

        assertEquals(2.0, capacity.capacityUnits());
    }

    @Test
    void deleteItem_consumesOneWriteUnit_evenForAMissingItem() {
        assertEquals(1.0, client().deleteItem(r -> r.tableName(table).key(item("pk", s("never")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
    }

    @Test
    void deleteItem_chargesTheSizeOfTheDeletedItem() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("big-delete", 2 * KB + 1)));

        assertEquals(3.0, client().deleteItem(r -> r.tableName(table).key(item("pk", s("big-delete")))
                .returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits());
    }

    @Test
    void updateItem_consumesOneWriteUnit_forASmallItem() {
        assertEquals(1.0, client().updateItem(r -> r.tableName(table).key(item("pk", s("upd")))
                .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
    }

    @Test
    void updateItem_chargesTheLargerOfTheOldAndNewItem() {
        client().putItem(r -> r.tableName(table).item(itemOfBytes("upd-big", 2 * KB + 1)));

        assertEquals(3.0, client().updateItem(r -> r.tableName(table).key(item("pk", s("upd-big")))
                .updateExpression("SET d = :v").expressionAttributeValues(values(":v", s("a")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
    }

    /** Query cost is the total size of the items read, rounded up to 4 KB; eventually consistent halves it. */
    @Test
    void query_consumesHalfAReadUnit_forAFewSmallItems() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("q"))));
        ConsumedCapacity capacity = client().query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("q"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity();

        assertEquals(table, capacity.tableName());
        assertEquals(0.5, capacity.capacityUnits());
    }

    @Test
    void query_onAGlobalIndex_withIndexes_chargesTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("gq"), "g", s("index-read"))));
        ConsumedCapacity capacity = client().query(r -> r.tableName(table).indexName("byG")
                .keyConditionExpression("g = :g").expressionAttributeValues(values(":g", s("index-read")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();

        assertEquals(0.5, capacity.capacityUnits());
        assertEquals(0.5, capacity.globalSecondaryIndexes().get("byG").capacityUnits());
    }
}
