package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.VALIDATION;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorCode;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorContaining;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * TransactWriteItems and TransactGetItems: all-or-nothing writes, cancellation reasons in request order,
 * ReturnValuesOnConditionCheckFailure, ClientRequestToken idempotency, one action per item, the 100 action
 * limit. Behaviour and messages as recorded against AWS by ScyllaDB's alternator test_transact.py (run on
 * DynamoDB) and AWS's CloudTrail example in the developer guide.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html">TransactGetItems</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html">Amazon DynamoDB Transactions</a>
 */
class TransactionsConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;

    @BeforeAll
    static void createTable() {
        table = Tables.createHashTable(client(), "tx", "pk", ScalarAttributeType.S);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String newKey() {
        return Tables.uniqueName("item");
    }

    private static TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private static TransactWriteItem putIf(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(condition).build()).build();
    }

    private static TransactWriteItem check(String key, String condition) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(item("pk", s(key))).conditionExpression(condition).build()).build();
    }

    private static TransactWriteItem delete(String key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(item("pk", s(key))).build())
                .build();
    }

    private static TransactWriteItem increment(String key) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(item("pk", s(key)))
                .updateExpression("ADD tally :one").expressionAttributeValues(values(":one", n(1))).build()).build();
    }

    private static Map<String, AttributeValue> get(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).item();
    }

    private static boolean exists(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).hasItem();
    }

    private static TransactionCanceledException assertCanceled(List<TransactWriteItem> actions) {
        return assertInstanceOf(TransactionCanceledException.class, assertErrorCode("TransactionCanceledException",
                () -> client().transactWriteItems(r -> r.transactItems(actions))));
    }

    @Test
    void transactWriteItems_appliesPutUpdateAndDeleteTogether() {
        String putKey = newKey();
        String updateKey = newKey();
        String deleteKey = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(deleteKey))));
        client().transactWriteItems(r -> r.transactItems(put(item("pk", s(putKey), "v", n(1))), increment(updateKey),
                delete(deleteKey)));

        assertEquals(n(1), get(putKey).get("v"));
        assertEquals(n(1), get(updateKey).get("tally"));
        assertFalse(exists(deleteKey));
    }

    @Test
    void transactWriteItems_putReplacesTheWholeItem() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "old", s("x"))));
        client().transactWriteItems(r -> r.transactItems(put(item("pk", s(key), "new", s("y")))));

        assertEquals(item("pk", s(key), "new", s("y")), get(key));
    }

    /** A ConditionCheck that holds lets the other actions through and writes nothing itself. */
    @Test
    void transactWriteItems_conditionCheckThatHolds_writesNothingItself() {
        String checked = newKey();
        String written = newKey();
        client().transactWriteItems(r -> r.transactItems(check(checked, "attribute_not_exists(pk)"),
                put(item("pk", s(written)))));

        assertTrue(exists(written));
        assertFalse(exists(checked));
    }

    @Test
    void transactWriteItems_failingConditionCheck_cancelsEveryAction() {
        String first = newKey();
        String second = newKey();
        assertCanceled(List.of(put(item("pk", s(first))), putIf(item("pk", s(second)), "attribute_not_exists(pk)"),
                check(newKey(), "attribute_exists(pk)")));

        assertFalse(exists(first));
        assertFalse(exists(second));
    }

    @Test
    void transactWriteItems_failingCondition_leavesUpdatedItemsUnchanged() {
        String counted = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(counted), "tally", n(5))));
        assertCanceled(List.of(increment(counted), check(newKey(), "attribute_exists(pk)")));

        assertEquals(n(5), get(counted).get("tally"));
    }

    /** The message lists the reason codes in request order (CloudTrail example in the developer guide). */
    @Test
    void transactWriteItems_cancellation_namesTheReasonsInTheMessage() {
        TransactionCanceledException canceled = assertCanceled(List.of(check(newKey(), "attribute_exists(pk)"),
                put(item("pk", s(newKey())))));

        assertEquals("Transaction cancelled, please refer cancellation reasons for specific reasons"
                + " [ConditionalCheckFailed, None]", canceled.awsErrorDetails().errorMessage());
    }

    /** "Cancellation reasons are ordered in the order of requested items, if an item has no error it will have None code and Null message." */
    @Test
    void transactWriteItems_cancellationReasons_comeInRequestOrder_withNoneForActionsThatPassed() {
        TransactionCanceledException canceled = assertCanceled(List.of(put(item("pk", s(newKey()))),
                putIf(item("pk", s(newKey())), "attribute_not_exists(pk)"), check(newKey(), "attribute_exists(pk)"),
                putIf(item("pk", s(newKey())), "attribute_exists(pk)")));

        List<CancellationReason> reasons = canceled.cancellationReasons();
        assertEquals(List.of("None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed"),
                reasons.stream().map(CancellationReason::code).toList());
        assertNull(reasons.get(0).message());
        assertEquals("The conditional request failed", reasons.get(2).message());
    }

    @Test
    void transactWriteItems_cancellationReason_carriesTheItem_whenReturnValuesOnConditionCheckFailureIsAllOld() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "x", n(42))));
        TransactionCanceledException canceled = assertCanceled(List.of(TransactWriteItem.builder()
                .update(Update.builder().tableName(table).key(item("pk", s(key))).updateExpression("SET x = x + :one")
                        .conditionExpression("x = :fortyThree").expressionAttributeValues(values(":one", n(1),
                                ":fortyThree", n(43)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())
                .build()));

        assertEquals(item("pk", s(key), "x", n(42)), canceled.cancellationReasons().get(0).item());
    }

    @Test
    void transactWriteItems_cancellationReason_carriesNoItem_whenReturnValuesOnConditionCheckFailureIsNone() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "x", n(42))));
        TransactionCanceledException canceled = assertCanceled(List.of(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder().tableName(table).key(item("pk", s(key)))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE).build())
                .build()));

        assertFalse(canceled.cancellationReasons().get(0).hasItem());
    }

    @Test
    void transactWriteItems_updateCreatesAMissingItem() {
        String key = newKey();
        client().transactWriteItems(r -> r.transactItems(increment(key)));

        assertEquals(item("pk", s(key), "tally", n(1)), get(key));
    }

    @Test
    void transactWriteItems_failingDeleteCondition_isReportedForThatAction() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "x", n(1))));
        TransactionCanceledException canceled = assertCanceled(List.of(put(item("pk", s(newKey()))),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(item("pk", s(key)))
                        .conditionExpression("x = :two").expressionAttributeValues(values(":two", n(2))).build())
                        .build()));

        assertEquals(List.of("None", "ConditionalCheckFailed"),
                canceled.cancellationReasons().stream().map(CancellationReason::code).toList());
        assertTrue(exists(key));
    }

    /** A key of the wrong type cancels the transaction with a ValidationError reason (alternator test_transact.py, verified on AWS). */
    @Test
    void transactWriteItems_keyOfTheWrongType_cancelsWithAValidationErrorReason() {
        TransactionCanceledException canceled = assertCanceled(List.of(put(item("pk", n(7)))));

        assertEquals("ValidationError", canceled.cancellationReasons().get(0).code());
    }

    /** "You can't target the same item with multiple operations within the same transaction." */
    @Test
    void transactWriteItems_refusesTwoActionsOnTheSameItem() {
        String key = newKey();
        assertValidation("Transaction request cannot include multiple operations on one item",
                () -> client().transactWriteItems(r -> r.transactItems(put(item("pk", s(key))), increment(key))));
        assertFalse(exists(key));
    }

    @Test
    void transactWriteItems_refusesAConditionCheckAndAPutOnTheSameItem() {
        String key = newKey();
        assertValidation("Transaction request cannot include multiple operations on one item",
                () -> client().transactWriteItems(r -> r.transactItems(put(item("pk", s(key))),
                        check(key, "attribute_not_exists(pk)"))));
    }

    /** TransactItems holds 1 to 100 actions (alternator test_transact.py: an empty list is a ValidationException naming transactItems). */
    @Test
    void transactWriteItems_refusesAnEmptyList() {
        assertErrorContaining(VALIDATION, "transactItems",
                () -> client().transactWriteItems(r -> r.transactItems(List.of())));
    }

    /** The limit was raised from 25 to 100 actions in September 2022. */
    @Test
    void transactWriteItems_accepts100Actions() {
        String prefix = newKey();
        List<TransactWriteItem> actions = IntStream.range(0, 100).mapToObj(i -> put(item("pk", s(prefix + i))))
                .toList();
        client().transactWriteItems(r -> r.transactItems(actions));

        assertTrue(exists(prefix + 0));
        assertTrue(exists(prefix + 99));
    }

    @Test
    void transactWriteItems_refusesMoreThan100Actions() {
        String prefix = newKey();
        List<TransactWriteItem> actions = IntStream.range(0, 101).mapToObj(i -> put(item("pk", s(prefix + i))))
                .toList();
        assertErrorContaining(VALIDATION, "Member must have length less than or equal to 100",
                () -> client().transactWriteItems(r -> r.transactItems(actions)));
        assertFalse(exists(prefix + 0));
    }

    /** "Multiple identical calls [with the same client request token] have the same effect as one single call." */
    @Test
    void transactWriteItems_withTheSameClientRequestToken_appliesOnlyOnce() {
        String key = newKey();
        String token = UUID.randomUUID().toString();
        client().transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment(key)));
        client().transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment(key)));

        assertEquals(n(1), get(key).get("tally"));
    }

    @Test
    void transactWriteItems_withoutAClientRequestToken_appliesEveryCall() {
        String key = newKey();
        client().transactWriteItems(r -> r.transactItems(increment(key)));
        client().transactWriteItems(r -> r.transactItems(increment(key)));

        assertEquals(n(2), get(key).get("tally"));
    }

    /** "If you submit a request with the same client token but a change in other parameters ... DynamoDB returns an IdempotentParameterMismatch exception." */
    @Test
    void transactWriteItems_refusesTheSameClientRequestTokenWithOtherParameters() {
        String token = UUID.randomUUID().toString();
        String other = newKey();
        client().transactWriteItems(r -> r.clientRequestToken(token).transactItems(put(item("pk", s(newKey())))));

        assertErrorCode("IdempotentParameterMismatchException",
                () -> client().transactWriteItems(r -> r.clientRequestToken(token)
                        .transactItems(put(item("pk", s(other))))));
        assertFalse(exists(other));
    }

    /** ClientRequestToken is 1 to 36 characters (API reference). */
    @Test
    void transactWriteItems_refusesAClientRequestTokenLongerThan36Characters() {
        assertErrorContaining(VALIDATION, "clientRequestToken", () -> client().transactWriteItems(r -> r
                .clientRequestToken("x".repeat(37)).transactItems(put(item("pk", s(newKey()))))));
    }

    @Test
    void transactWriteItems_failsWithResourceNotFound_whenATableDoesNotExist() {
        assertResourceNotFound(() -> client().transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .put(Put.builder().tableName("no-such-table-tx").item(item("pk", s("x"))).build()).build())));
    }

    /** Errors in an action's expressions fail the whole request with a ValidationException (alternator test_transact.py). */
    @Test
    void transactWriteItems_refusesAnUndefinedExpressionAttributeValue_forTheWholeRequest() {
        assertValidation("Invalid ConditionExpression: An expression attribute value used in expression is not"
                + " defined; attribute value: :xyz", () -> client().transactWriteItems(r -> r.transactItems(
                        putIf(item("pk", s(newKey())), "pk = :xyz"))));
    }

    /** "Transactional operations consume twice the capacity": a small item's put costs 2 WCUs. */
    @Test
    void transactWriteItems_consumesTwoWriteUnitsPerSmallItem() {
        double units = client().transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(put(item("pk", s(newKey()))), put(item("pk", s(newKey())))))
                .consumedCapacity().get(0).capacityUnits();

        assertEquals(4.0, units);
    }

    @Test
    void transactGetItems_returnsTheItemsInRequestOrder() {
        String first = newKey();
        String second = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(first), "v", n(1))));
        client().putItem(r -> r.tableName(table).item(item("pk", s(second), "v", n(2))));
        TransactGetItemsResponse response = client().transactGetItems(r -> r.transactItems(getOf(second), getOf(first)));

        assertEquals(2, response.responses().size());
        assertEquals(n(2), response.responses().get(0).item().get("v"));
        assertEquals(n(1), response.responses().get(1).item().get("v"));
    }

    private static TransactGetItem getOf(String key) {
        return TransactGetItem.builder().get(Get.builder().tableName(table).key(item("pk", s(key))).build()).build();
    }

    /** A missing item is not an error: its entry in Responses simply has no Item. */
    @Test
    void transactGetItems_returnsAnEntryWithoutItem_forAMissingItem() {
        String present = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(present))));
        TransactGetItemsResponse response = client().transactGetItems(r -> r.transactItems(getOf(newKey()),
                getOf(present)));

        assertEquals(2, response.responses().size());
        assertFalse(response.responses().get(0).hasItem());
        assertTrue(response.responses().get(1).hasItem());
    }

    @Test
    void transactGetItems_appliesTheProjectionExpression() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "x", n(1), "y", n(2), "z", n(3))));
        TransactGetItemsResponse response = client().transactGetItems(r -> r.transactItems(TransactGetItem.builder()
                .get(Get.builder().tableName(table).key(item("pk", s(key))).projectionExpression("#x, z")
                        .expressionAttributeNames(Map.of("#x", "x")).build()).build()));

        assertEquals(item("x", n(1), "z", n(3)), response.responses().get(0).item());
    }

    @Test
    void transactGetItems_accepts100Items() {
        List<TransactGetItem> hundred = IntStream.range(0, 100).mapToObj(i -> getOf("g" + i)).toList();

        assertEquals(100, client().transactGetItems(r -> r.transactItems(hundred)).responses().size());
    }

    @Test
    void transactGetItems_refusesMoreThan100Items() {
        List<TransactGetItem> tooMany = IntStream.range(0, 101).mapToObj(i -> getOf("g" + i)).toList();

        assertErrorContaining(VALIDATION, "Member must have length less than or equal to 100",
                () -> client().transactGetItems(r -> r.transactItems(tooMany)));
    }

    @Test
    void transactGetItems_refusesAnUnusedExpressionAttributeName() {
        assertValidation("Value provided in ExpressionAttributeNames unused in expressions: keys: {#qq}",
                () -> client().transactGetItems(r -> r.transactItems(TransactGetItem.builder()
                        .get(Get.builder().tableName(table).key(item("pk", s("k"))).projectionExpression("#x")
                                .expressionAttributeNames(Map.of("#x", "x", "#qq", "q")).build()).build())));
    }

    @Test
    void transactGetItems_failsWithResourceNotFound_whenATableDoesNotExist() {
        assertResourceNotFound(() -> client().transactGetItems(r -> r.transactItems(TransactGetItem.builder()
                .get(Get.builder().tableName("no-such-table-tx").key(item("pk", s("x"))).build()).build())));
    }

    /** Transactional reads cost twice a strongly consistent read: 2 RCUs per small item. */
    @Test
    void transactGetItems_consumesTwoReadUnitsPerSmallItem() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key))));
        double units = client().transactGetItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(getOf(key), getOf(newKey()))).consumedCapacity().get(0).capacityUnits();

        assertEquals(4.0, units);
    }
}
