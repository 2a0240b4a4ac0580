package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_CHECK_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.CONDITIONAL_REQUEST_FAILED;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertError;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Values.b;
import static dev.ddbstreams.dynamodb.conformance.items.Values.bool;
import static dev.ddbstreams.dynamodb.conformance.items.Values.bs;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.l;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ns;
import static dev.ddbstreams.dynamodb.conformance.items.Values.nul;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ss;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * PutItem as the API reference documents it: creation, replacement, ReturnValues, conditions and
 * ReturnValuesOnConditionCheckFailure, key validation.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html">PutItem</a>
 */
class PutItemConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;
    private static String rangeTable;

    @BeforeAll
    static void createTables() {
        table = Tables.createHashTable(client(), "put", "pk", ScalarAttributeType.S);
        rangeTable = Tables.createHashRangeTable(client(), "put-range", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.N);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String newKey() {
        return Tables.uniqueName("item");
    }

    private static Map<String, AttributeValue> get(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).item();
    }

    @Test
    void putItem_storesItem_readableByConsistentGetItem() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "colour", s("red"))));

        assertEquals(item("pk", s(key), "colour", s("red")), get(key));
    }

    @Test
    void putItem_replacesTheWholeItem_whenTheKeyExists() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "colour", s("red"), "size", n(3))));
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "shape", s("round"))));

        assertEquals(item("pk", s(key), "shape", s("round")), get(key));
    }

    /** Every AttributeValue type survives the round trip unchanged. */
    @Test
    void putItem_storesEveryAttributeType() {
        String key = newKey();
        Map<String, AttributeValue> written = item("pk", s(key), "S", s("text"), "N", n("12.5"),
                "B", b(new byte[] {1, 2, 3}), "BOOL", bool(true), "NULL", nul(),
                "SS", ss("a", "b"), "NS", ns("1", "2"), "BS", bs(new byte[] {1}, new byte[] {2}),
                "L", l(s("x"), n(1), l(), m()), "M", m("inner", m("deep", s("v")), "list", l(bool(false))));
        client().putItem(r -> r.tableName(table).item(written));

        Map<String, AttributeValue> read = get(key);
        assertEquals(written.keySet(), read.keySet());
        for (String name : written.keySet()) {
            if (name.endsWith("S") && name.length() == 2) {
                continue; // sets: member order is not part of a set
            }
            assertEquals(written.get(name), read.get(name), name);
        }
        assertEquals(Values.sorted(written.get("SS").ss()), Values.sorted(read.get("SS").ss()));
        assertEquals(Values.sorted(written.get("NS").ns()), Values.sorted(read.get("NS").ns()));
        assertEquals(2, read.get("BS").bs().size());
    }

    /** Empty strings and binaries are allowed outside keys since May 2020 (PutItem: "Empty String and Binary attribute values are allowed"). */
    @Test
    void putItem_acceptsEmptyStringAndBinary_inNonKeyAttributes() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "empty", s(""), "bin", b(new byte[0]),
                "nested", m("e", s("")))));

        Map<String, AttributeValue> read = get(key);
        assertEquals("", read.get("empty").s());
        assertEquals(0, read.get("bin").b().asByteArray().length);
        assertEquals("", read.get("nested").m().get("e").s());
    }

    @Test
    void putItem_returnsNoAttributes_whenReturnValuesIsNone() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));
        PutItemResponse response = client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                .returnValues(ReturnValue.NONE));

        assertFalse(response.hasAttributes());
    }

    @Test
    void putItem_returnsAllOldAttributes_whenReturnValuesIsAllOld() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1), "w", s("old"))));
        PutItemResponse response = client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                .returnValues(ReturnValue.ALL_OLD));

        assertEquals(item("pk", s(key), "v", n(1), "w", s("old")), response.attributes());
    }

    @Test
    void putItem_returnsNoAttributes_whenReturnValuesIsAllOldAndTheItemIsNew() {
        PutItemResponse response = client().putItem(r -> r.tableName(table).item(item("pk", s(newKey())))
                .returnValues(ReturnValue.ALL_OLD));

        assertFalse(response.hasAttributes());
    }

    /**
     * PutItem takes only NONE and ALL_OLD. Message recorded against AWS by dynalite's putItem tests and
     * ExtendDB's "verified against us-east-1" tests.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})
    void putItem_refusesReturnValuesOtherThanNoneOrAllOld(String returnValues) {
        assertValidation("ReturnValues can only be ALL_OLD or NONE",
                () -> client().putItem(r -> r.tableName(table).item(item("pk", s(newKey())))
                        .returnValues(returnValues)));
    }

    /** Documented idiom: attribute_not_exists on the partition key makes PutItem create-only. */
    @Test
    void putItem_createsItem_whenAttributeNotExistsConditionHolds() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1)))
                .conditionExpression("attribute_not_exists(pk)"));

        assertEquals(n(1), get(key).get("v"));
    }

    @Test
    void putItem_failsWithConditionalCheckFailed_whenTheItemAlreadyExists() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));

        assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                        .conditionExpression("attribute_not_exists(pk)")));
    }

    @Test
    void putItem_leavesTheItemUnchanged_whenTheConditionFails() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));
        try {
            client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                    .conditionExpression("v = :expected").expressionAttributeValues(values(":expected", n(5))));
        } catch (ConditionalCheckFailedException expected) {
            // the item must be as it was
        }

        assertEquals(item("pk", s(key), "v", n(1)), get(key));
    }

    @Test
    void putItem_replacesItem_whenComparisonConditionHolds() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                .conditionExpression("v = :expected").expressionAttributeValues(values(":expected", n(1))));

        assertEquals(n(2), get(key).get("v"));
    }

    /**
     * ReturnValuesOnConditionCheckFailure=ALL_OLD puts the item as it was into the
     * ConditionalCheckFailedException.
     */
    @Test
    void putItem_returnsTheExistingItemInTheError_whenReturnValuesOnConditionCheckFailureIsAllOld() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));

        DynamoDbException error = assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                () -> client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException failed = assertInstanceOf(ConditionalCheckFailedException.class, error);
        assertEquals(item("pk", s(key), "v", n(1)), failed.item());
    }

    @Test
    void putItem_returnsNoItemInTheError_whenReturnValuesOnConditionCheckFailureIsNone() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));

        ConditionalCheckFailedException failed = assertInstanceOf(ConditionalCheckFailedException.class,
                assertError(CONDITIONAL_CHECK_FAILED, CONDITIONAL_REQUEST_FAILED,
                        () -> client().putItem(r -> r.tableName(table).item(item("pk", s(key)))
                                .conditionExpression("attribute_not_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE))));
        assertFalse(failed.hasItem());
    }

    @Test
    void putItem_returnsTheOldItem_whenAConditionHoldsAndReturnValuesIsAllOld() {
        String key = newKey();
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(1))));
        PutItemResponse response = client().putItem(r -> r.tableName(table).item(item("pk", s(key), "v", n(2)))
                .conditionExpression("attribute_exists(pk)").returnValues(ReturnValue.ALL_OLD));

        assertEquals(item("pk", s(key), "v", n(1)), response.attributes());
    }

    /** ReturnValuesOnConditionCheckFailure takes NONE or ALL_OLD only; the model's enum constraint is compared in part. */
    @Test
    void putItem_refusesAReturnValuesOnConditionCheckFailureOutsideTheEnum() {
        AwsErrors.assertErrorContaining(AwsErrors.VALIDATION, "returnValuesOnConditionCheckFailure",
                () -> client().putItem(r -> r.tableName(table).item(item("pk", s(newKey())))
                        .conditionExpression("attribute_not_exists(pk)").returnValuesOnConditionCheckFailure("ALL_NEW")));
    }

    @Test
    void putItem_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().putItem(r -> r.tableName("no-such-table-" + newKey())
                .item(item("pk", s("a")))));
    }

    /** Message as recorded by dynalite's putItem tests against AWS. */
    @Test
    void putItem_refusesAnItemWithoutItsHashKey() {
        assertValidation("One or more parameter values were invalid: Missing the key pk in the item",
                () -> client().putItem(r -> r.tableName(table).item(item("other", s("a")))));
    }

    @Test
    void putItem_refusesAnItemWithoutItsRangeKey() {
        assertValidation("One or more parameter values were invalid: Missing the key sk in the item",
                () -> client().putItem(r -> r.tableName(rangeTable).item(item("pk", s("a")))));
    }

    @Test
    void putItem_refusesAHashKeyOfTheWrongType() {
        assertValidation("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
                () -> client().putItem(r -> r.tableName(table).item(item("pk", n(1)))));
    }

    @Test
    void putItem_refusesARangeKeyOfTheWrongType() {
        assertValidation("One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
                () -> client().putItem(r -> r.tableName(rangeTable).item(item("pk", s("a"), "sk", s("1")))));
    }

    @Test
    void putItem_storesHashAndRangeItemsSeparatelyPerRangeKey() {
        String key = newKey();
        client().putItem(r -> r.tableName(rangeTable).item(item("pk", s(key), "sk", n(1), "v", s("one"))));
        client().putItem(r -> r.tableName(rangeTable).item(item("pk", s(key), "sk", n(2), "v", s("two"))));

        assertEquals(s("one"), client().getItem(r -> r.tableName(rangeTable).key(item("pk", s(key), "sk", n(1))))
                .item().get("v"));
        assertEquals(s("two"), client().getItem(r -> r.tableName(rangeTable).key(item("pk", s(key), "sk", n(2))))
                .item().get("v"));
    }

    @Test
    void putItem_treatsNumericallyEqualRangeKeysAsTheSameItem() {
        String key = newKey();
        client().putItem(r -> r.tableName(rangeTable).item(item("pk", s(key), "sk", n("1"), "v", s("first"))));
        client().putItem(r -> r.tableName(rangeTable).item(item("pk", s(key), "sk", n("1.0"), "v", s("second"))));

        Map<String, AttributeValue> read = client().getItem(r -> r.tableName(rangeTable)
                .key(item("pk", s(key), "sk", n("1.00")))).item();
        assertEquals(s("second"), read.get("v"));
        assertTrue(read.containsKey("sk"));
    }
}
