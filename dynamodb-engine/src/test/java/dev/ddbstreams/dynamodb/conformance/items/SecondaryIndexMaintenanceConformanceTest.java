package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.VALIDATION;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorContaining;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.attribute;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.hash;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.range;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Secondary indexes follow every write: an item enters, moves within and leaves a GSI or LSI as its index key
 * attributes are written, changed and removed, whichever operation writes it; INCLUDE projections carry only
 * the named attributes; index key values are validated on update too.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html">Using Global Secondary Indexes</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html">Local secondary indexes</a>
 */
class SecondaryIndexMaintenanceConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;

    @BeforeAll
    static void createTable() {
        table = Tables.create(client(), "indexes", t -> t
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                        attribute("g", ScalarAttributeType.S), attribute("rank", ScalarAttributeType.N),
                        attribute("loc", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(hash("g"), range("rank"))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("shown").build()).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byLoc").keySchema(hash("pk"), range("loc"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static List<Map<String, AttributeValue>> byG(String g) {
        return client().query(q -> q.tableName(table).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(values(":g", s(g)))).items();
    }

    private static List<String> sortKeysByLoc(String pk) {
        return client().query(q -> q.tableName(table).indexName("byLoc").keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s(pk)))).items().stream().map(i -> i.get("sk").n()).toList();
    }

    private static void update(String pk, int sk, String expression, Object... valuePairs) {
        Map<String, AttributeValue> values = values(valuePairs);
        client().updateItem(r -> r.tableName(table).key(item("pk", s(pk), "sk", n(sk))).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }

    @Test
    void putItem_makesTheItemQueryableThroughTheGlobalIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("a"), "sk", n(1), "g", s("g-put"), "rank", n(1))));

        assertEquals(1, byG("g-put").size());
    }

    /** INCLUDE: the index holds the keys plus the named non-key attributes, nothing else. */
    @Test
    void includeProjection_carriesOnlyKeysAndTheNamedAttributes() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("b"), "sk", n(1), "g", s("g-include"),
                "rank", n(1), "shown", s("yes"), "hidden", s("no"))));

        assertEquals(Set.of("pk", "sk", "g", "rank", "shown"), byG("g-include").get(0).keySet());
    }

    @Test
    void updateItem_changingTheIndexKey_movesTheItemToItsNewPlace() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("c"), "sk", n(1), "g", s("g-old"), "rank", n(1))));
        update("c", 1, "SET g = :g", ":g", s("g-new"));

        assertEquals(0, byG("g-old").size());
        assertEquals(1, byG("g-new").size());
    }

    @Test
    void updateItem_removingAnIndexKeyAttribute_dropsTheItemFromTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("d"), "sk", n(1), "g", s("g-drop"), "rank", n(1))));
        client().updateItem(r -> r.tableName(table).key(item("pk", s("d"), "sk", n(1))).updateExpression("REMOVE #r")
                .expressionAttributeNames(Map.of("#r", "rank")));

        assertEquals(0, byG("g-drop").size());
    }

    @Test
    void updateItem_addingTheIndexKeys_putsTheItemIntoTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("e"), "sk", n(1))));
        client().updateItem(r -> r.tableName(table).key(item("pk", s("e"), "sk", n(1)))
                .updateExpression("SET g = :g, #r = :r").expressionAttributeNames(Map.of("#r", "rank"))
                .expressionAttributeValues(values(":g", s("g-late"), ":r", n(5))));

        assertEquals(1, byG("g-late").size());
    }

    @Test
    void updateItem_ofANonKeyAttribute_isSeenThroughAnAllProjection() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("f"), "sk", n(1), "loc", s("x"), "v", n(1))));
        update("f", 1, "SET v = :v", ":v", n(2));

        assertEquals(n(2), client().query(q -> q.tableName(table).indexName("byLoc").keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("f")))).items().get(0).get("v"));
    }

    @Test
    void deleteItem_removesTheItemFromTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("h"), "sk", n(1), "g", s("g-deleted"), "rank", n(1))));
        client().deleteItem(r -> r.tableName(table).key(item("pk", s("h"), "sk", n(1))));

        assertEquals(0, byG("g-deleted").size());
    }

    @Test
    void putItem_replacingWithoutTheIndexKeys_dropsTheItemFromTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("i"), "sk", n(1), "g", s("g-replaced"), "rank", n(1))));
        client().putItem(r -> r.tableName(table).item(item("pk", s("i"), "sk", n(1))));

        assertEquals(0, byG("g-replaced").size());
    }

    @Test
    void transactWriteItems_putIsVisibleThroughTheIndex() {
        client().transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item("pk", s("j"), "sk", n(1), "g", s("g-tx"), "rank", n(1))).build()).build()));

        assertEquals(1, byG("g-tx").size());
    }

    @Test
    void batchWriteItem_deleteRemovesTheItemFromTheIndex() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("k"), "sk", n(1), "g", s("g-batch"), "rank", n(1))));
        client().batchWriteItem(r -> r.requestItems(Map.of(table, List.of(WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(item("pk", s("k"), "sk", n(1))).build()).build()))));

        assertEquals(0, byG("g-batch").size());
    }

    @Test
    void globalIndex_ordersItemsBySortKey_acrossPartitionsOfTheTable() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("m1"), "sk", n(1), "g", s("g-order"), "rank", n(3))));
        client().putItem(r -> r.tableName(table).item(item("pk", s("m2"), "sk", n(1), "g", s("g-order"), "rank", n(1))));
        client().putItem(r -> r.tableName(table).item(item("pk", s("m3"), "sk", n(1), "g", s("g-order"), "rank", n(2))));

        assertEquals(List.of("m2", "m3", "m1"), byG("g-order").stream().map(i -> i.get("pk").s()).toList());
    }

    @Test
    void localIndex_reordersTheItem_whenItsSortKeyChanges() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("n"), "sk", n(1), "loc", s("b"))));
        client().putItem(r -> r.tableName(table).item(item("pk", s("n"), "sk", n(2), "loc", s("c"))));
        update("n", 2, "SET loc = :l", ":l", s("a"));

        assertEquals(List.of("2", "1"), sortKeysByLoc("n"));
    }

    /** Message recorded by dynalite's updateItem tests against AWS. */
    @Test
    void updateItem_refusesAnIndexKeyOfTheWrongType() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("o"), "sk", n(1))));
        assertValidation("One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N"
                + " IndexName: byG", () -> update("o", 1, "SET g = :g", ":g", n(1)));
    }

    @Test
    void updateItem_refusesAnEmptyStringIndexKey() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("p"), "sk", n(1))));
        assertErrorContaining(VALIDATION, "IndexName: byG, IndexKey: g",
                () -> update("p", 1, "SET g = :g", ":g", s("")));
    }
}
