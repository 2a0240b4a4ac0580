package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_CHECK_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_REQUEST_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertError;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * UpdateItem as an operation: upsert, the five ReturnValues, conditions, ReturnValuesOnConditionCheckFailure,
 * key attributes that cannot be updated. The update expression language itself is in
 * {@link UpdateExpressionConformanceTest}.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a>
 */
class UpdateItemConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;
    private static String rangeTable;

    @BeforeAll
    static void createTables() {
        table = Tables.createHashTable(client(), "update", "pk", ScalarAttributeType.S);
        rangeTable = Tables.createHashRangeTable(client(), "update-range", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.N);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** A fresh item {pk, a: 1, b: "x", c: {d: 5}} under a new key. */
    private static String existingItem() {
        String key = Tables.uniqueName("item");
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "a", n(1), "b", s("x"),
                "c", m("d", n(5)))));
        return key;
    }

    private static Map<String, AttributeValue> get(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).item();
    }

    private static UpdateItemResponse setAToTwoAndAddD(String key, ReturnValue returnValues) {
        return client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                .updateExpression("SET a = :two, d = :new")
                .expressionAttributeValues(values(":two", n(2), ":new", s("new")))
                .returnValues(returnValues));
    }

    /** "Edits an existing item's attributes, or adds a new item to the table if it does not already exist." */
    @Test
    void updateItem_createsTheItem_whenNoItemHasTheKey() {
        String key = Tables.uniqueName("new");
        client().updateItem(r -> r.tableName(table).key(item("pk", s(key))).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", s("created"))));

        assertEquals(item("pk", s(key), "v", s("created")), get(key));
    }

    @Test
    void updateItem_createsTheItemWithBothKeyAttributes_inAHashRangeTable() {
        client().updateItem(r -> r.tableName(rangeTable).key(item("pk", s("h"), "sk", n(7)))
                .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1))));

        assertEquals(item("pk", s("h"), "sk", n(7), "v", n(1)), client().getItem(r -> r.tableName(rangeTable)
                .key(item("pk", s("h"), "sk", n(7)))).item());
    }

    @Test
    void updateItem_keepsAttributesTheExpressionDoesNotName() {
        String key = existingItem();
        setAToTwoAndAddD(key, ReturnValue.NONE);

        assertEquals(item("pk", s(key), "a", n(2), "b", s("x"), "c", m("d", n(5)), "d", s("new")), get(key));
    }

    @Test
    void updateItem_returnsNoAttributes_whenReturnValuesIsNone() {
        assertFalse(setAToTwoAndAddD(existingItem(), ReturnValue.NONE).hasAttributes());
    }

    @Test
    void updateItem_returnsTheWholeOldItem_whenReturnValuesIsAllOld() {
        String key = existingItem();

        assertEquals(item("pk", s(key), "a", n(1), "b", s("x"), "c", m("d", n(5))),
                setAToTwoAndAddD(key, ReturnValue.ALL_OLD).attributes());
    }

    /** UPDATED_OLD: only the updated attributes as they were; a newly added attribute had no old value. */
    @Test
    void updateItem_returnsOnlyTheUpdatedAttributesOldValues_whenReturnValuesIsUpdatedOld() {
        assertEquals(item("a", n(1)), setAToTwoAndAddD(existingItem(), ReturnValue.UPDATED_OLD).attributes());
    }

    @Test
    void updateItem_returnsTheWholeNewItem_whenReturnValuesIsAllNew() {
        String key = existingItem();

        assertEquals(item("pk", s(key), "a", n(2), "b", s("x"), "c", m("d", n(5)), "d", s("new")),
                setAToTwoAndAddD(key, ReturnValue.ALL_NEW).attributes());
    }

    @Test
    void updateItem_returnsOnlyTheUpdatedAttributesNewValues_whenReturnValuesIsUpdatedNew() {
        assertEquals(item("a", n(2), "d", s("new")),
                setAToTwoAndAddD(existingItem(), ReturnValue.UPDATED_NEW).attributes());
    }

    /** Only the nested attribute, within its enclosing maps (alternator test_returnvalues.py, run against DynamoDB). */
    @Test
    void updateItem_returnsOnlyTheUpdatedNestedPath_whenReturnValuesIsUpdatedNew() {
        String key = existingItem();
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                .updateExpression("SET c.e = :v").expressionAttributeValues(values(":v", n(9)))
                .returnValues(ReturnValue.UPDATED_NEW));

        assertEquals(item("c", m("e", n(9))), response.attributes());
    }

    /** UPDATED_NEW returns non-key attributes only, even when the update created the item (alternator test_returnvalues.py). */
    @Test
    void updateItem_returnsNoKeyAttributes_whenReturnValuesIsUpdatedNewAndTheItemIsCreated() {
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table)
                .key(item("pk", s(Tables.uniqueName("new")))).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", n(1))).returnValues(ReturnValue.UPDATED_NEW));

        assertEquals(item("v", n(1)), response.attributes());
    }

    /** Overwriting an attribute with the same value still counts as an update (alternator test_returnvalues.py). */
    @Test
    void updateItem_returnsAnAttributeSetToItsOwnValue_whenReturnValuesIsUpdatedOld() {
        String key = existingItem();
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                .updateExpression("SET b = :same").expressionAttributeValues(values(":same", s("x")))
                .returnValues(ReturnValue.UPDATED_OLD));

        assertEquals(item("b", s("x")), response.attributes());
    }

    /** An update that only removes attributes does not create a missing item (alternator test_returnvalues.py). */
    @Test
    void updateItem_doesNotCreateTheItem_whenTheUpdateOnlyRemovesAttributes() {
        String key = Tables.uniqueName("remove-only");
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                .updateExpression("REMOVE b").returnValues(ReturnValue.ALL_NEW));

        assertFalse(response.hasAttributes());
        assertFalse(client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).hasItem());
    }

    @Test
    void updateItem_returnsTheRemovedAttribute_whenReturnValuesIsUpdatedOld() {
        String key = existingItem();
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                .updateExpression("REMOVE b").returnValues(ReturnValue.UPDATED_OLD));

        assertEquals(item("b", s("x")), response.attributes());
    }

    @Test
    void updateItem_returnsNoAttributes_whenReturnValuesIsAllOldAndTheItemIsNew() {
        UpdateItemResponse response = client().updateItem(r -> r.tableName(table)
                .key(item("pk", s(Tables.uniqueName("new")))).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", n(1))).returnValues(ReturnValue.ALL_OLD));

        assertFalse(response.hasAttributes());
    }

    /**
     * A value outside the enum fails the model's constraint; the message form (prefix) is recorded by dynalite's
     * updateItem tests against AWS.
     */
    @Test
    void updateItem_refusesAReturnValuesOutsideTheEnum() {
        assertValidationStartingWith("1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to"
                + " satisfy constraint: Member must satisfy enum value set:",
                () -> client().updateItem(r -> r.tableName(table).key(item("pk", s("k")))
                        .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1)))
                        .returnValues("EVERYTHING")));
    }

    @Test
    void updateItem_appliesTheUpdate_whenTheConditionHolds() {
        String key = existingItem();
        client().updateItem(r -> r.tableName(table).key(item("pk", s(key))).updateExpression("SET a = :two")
                .conditionExpression("a = :one").expressionAttributeValues(values(":one", n(1), ":two", n(2))));

        assertEquals(n(2), get(key).get("a"));
    }

    @Test
    void updateItem_failsWithConditionalCheckFailed_andChangesNothing_whenTheConditionFails() {
        String key = existingItem();
        assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                        .updateExpression("SET a = :two").conditionExpression("a = :three")
                        .expressionAttributeValues(values(":two", n(2), ":three", n(3)))));

        assertEquals(n(1), get(key).get("a"));
    }

    /** The documented way to update only an existing item: the condition fails for a missing item, none is created. */
    @Test
    void updateItem_doesNotCreateTheItem_whenAttributeExistsConditionFails() {
        String key = Tables.uniqueName("absent");
        assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                        .updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(values(":v", n(1)))));

        assertFalse(client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true))
                .hasItem());
    }

    @Test
    void updateItem_returnsTheExistingItemInTheError_whenReturnValuesOnConditionCheckFailureIsAllOld() {
        String key = existingItem();
        ConditionalCheckFailedException failed = assertInstanceOf(ConditionalCheckFailedException.class,
                assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                        () -> client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                                .updateExpression("SET a = :two").conditionExpression("a = :three")
                                .expressionAttributeValues(values(":two", n(2), ":three", n(3)))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))));

        assertEquals(item("pk", s(key), "a", n(1), "b", s("x"), "c", m("d", n(5))), failed.item());
    }

    /** Message as recorded by dynalite's updateItem tests against AWS. */
    @Test
    void updateItem_refusesToSetTheHashKey() {
        String key = existingItem();
        assertValidation("One or more parameter values were invalid: Cannot update attribute pk. This attribute is"
                + " part of the key", () -> client().updateItem(r -> r.tableName(table).key(item("pk", s(key)))
                        .updateExpression("SET pk = :v").expressionAttributeValues(values(":v", s("other")))));
    }

    @Test
    void updateItem_refusesToRemoveTheRangeKey() {
        assertValidation("One or more parameter values were invalid: Cannot update attribute sk. This attribute is"
                + " part of the key", () -> client().updateItem(r -> r.tableName(rangeTable)
                        .key(item("pk", s("h"), "sk", n(1))).updateExpression("REMOVE sk")));
    }

    @Test
    void updateItem_refusesAKeyWithAnAttributeOutsideTheKeySchema() {
        assertValidation("The provided key element does not match the schema",
                () -> client().updateItem(r -> r.tableName(table).key(item("pk", s("k"), "a", n(1)))
                        .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1)))));
    }

    @Test
    void updateItem_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().updateItem(r -> r.tableName("no-such-table-update")
                .key(item("pk", s("k"))).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", n(1)))));
    }
}
