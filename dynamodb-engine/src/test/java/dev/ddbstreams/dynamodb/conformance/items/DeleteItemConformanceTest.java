package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_CHECK_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_REQUEST_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertError;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DeleteItem: deletion, idempotence on a missing item, ReturnValues, conditions and
 * ReturnValuesOnConditionCheckFailure, key validation.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html">DeleteItem</a>
 */
class DeleteItemConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;

    @BeforeAll
    static void createTable() {
        table = Tables.createHashTable(client(), "delete", "pk", ScalarAttributeType.S);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String existingItem() {
        String key = Tables.uniqueName("item");
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));
        return key;
    }

    private static boolean exists(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).hasItem();
    }

    @Test
    void deleteItem_removesTheItem() {
        String key = existingItem();
        client().deleteItem(r -> r.tableName(table).key(item("pk", s(key))));

        assertFalse(exists(key));
    }

    /** "Unless you specify conditions, the DeleteItem is an idempotent operation; running it multiple times ... will not result in an error." */
    @Test
    void deleteItem_succeeds_whenNoItemHasTheKey() {
        DeleteItemResponse response = client().deleteItem(r -> r.tableName(table).key(item("pk", s("never-there"))));

        assertFalse(response.hasAttributes());
    }

    @Test
    void deleteItem_returnsTheDeletedItem_whenReturnValuesIsAllOld() {
        String key = existingItem();
        DeleteItemResponse response = client().deleteItem(r -> r.tableName(table).key(item("pk", s(key)))
                .returnValues(ReturnValue.ALL_OLD));

        assertEquals(item("pk", s(key), "v", n(1)), response.attributes());
    }

    @Test
    void deleteItem_returnsNoAttributes_whenReturnValuesIsAllOldAndNoItemHasTheKey() {
        DeleteItemResponse response = client().deleteItem(r -> r.tableName(table).key(item("pk", s("never")))
                .returnValues(ReturnValue.ALL_OLD));

        assertFalse(response.hasAttributes());
    }

    @Test
    void deleteItem_returnsNoAttributes_whenReturnValuesIsNone() {
        String key = existingItem();
        assertFalse(client().deleteItem(r -> r.tableName(table).key(item("pk", s(key)))
                .returnValues(ReturnValue.NONE)).hasAttributes());
    }

    /**
     * DeleteItem takes only NONE and ALL_OLD; the message is the one ExtendDB's tests record as verified against
     * us-east-1 for DeleteItem (moto's older tests record "Return values set to invalid value").
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})
    void deleteItem_refusesReturnValuesOtherThanNoneOrAllOld(String returnValues) {
        String key = existingItem();
        assertValidation("ReturnValues can only be ALL_OLD or NONE",
                () -> client().deleteItem(r -> r.tableName(table).key(item("pk", s(key)))
                        .returnValues(returnValues)));
        assertTrue(exists(key));
    }

    @Test
    void deleteItem_deletes_whenTheConditionHolds() {
        String key = existingItem();
        client().deleteItem(r -> r.tableName(table).key(item("pk", s(key))).conditionExpression("v = :one")
                .expressionAttributeValues(values(":one", n(1))));

        assertFalse(exists(key));
    }

    @Test
    void deleteItem_failsWithConditionalCheckFailed_andKeepsTheItem_whenTheConditionFails() {
        String key = existingItem();
        assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().deleteItem(r -> r.tableName(table).key(item("pk", s(key)))
                        .conditionExpression("v = :two").expressionAttributeValues(values(":two", n(2)))));

        assertTrue(exists(key));
    }

    @Test
    void deleteItem_failsWithConditionalCheckFailed_whenAttributeExistsAndNoItemHasTheKey() {
        assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().deleteItem(r -> r.tableName(table).key(item("pk", s("never")))
                        .conditionExpression("attribute_exists(pk)")));
    }

    @Test
    void deleteItem_returnsTheItemInTheError_whenReturnValuesOnConditionCheckFailureIsAllOld() {
        String key = existingItem();
        ConditionalCheckFailedException failed = assertInstanceOf(ConditionalCheckFailedException.class,
                assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                        () -> client().deleteItem(r -> r.tableName(table).key(item("pk", s(key)))
                                .conditionExpression("v = :two").expressionAttributeValues(values(":two", n(2)))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))));

        assertEquals(item("pk", s(key), "v", n(1)), failed.item());
    }

    @Test
    void deleteItem_refusesAKeyOfTheWrongType() {
        assertValidation("The provided key element does not match the schema",
                () -> client().deleteItem(r -> r.tableName(table).key(item("pk", n(1)))));
    }

    /** Message recorded by dynalite's deleteItem tests against AWS. */
    @Test
    void deleteItem_refusesExpressionAttributeValuesWithoutAnExpression() {
        assertValidation("ExpressionAttributeValues can only be specified when using expressions:"
                + " ConditionExpression is null", () -> client().deleteItem(r -> r.tableName(table)
                        .key(item("pk", s("k"))).expressionAttributeValues(values(":v", n(1)))));
    }

    @Test
    void deleteItem_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().deleteItem(r -> r.tableName("no-such-table-delete")
                .key(item("pk", s("k")))));
    }
}
