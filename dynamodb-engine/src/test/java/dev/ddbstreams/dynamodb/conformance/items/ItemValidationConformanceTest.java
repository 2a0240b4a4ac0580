package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.attribute;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.hash;
import static dev.ddbstreams.dynamodb.conformance.items.Values.b;
import static dev.ddbstreams.dynamodb.conformance.items.Values.bs;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.l;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ns;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ss;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Validation and limits of items: the 400 KB item size as AWS counts it, key attribute rules, numbers
 * (38 digits, range, normalisation), sets, NULL. Messages are those dynalite's tests recorded against AWS
 * unless a test says otherwise.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html">Quotas in DynamoDB (item size, attribute values)</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html">Item sizes</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html">Supported data types</a>
 */
class ItemValidationConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    /** 400 KB: the maximum item size, "including both attribute name binary length (UTF-8 length) and attribute value lengths". */
    private static final int MAX_ITEM_BYTES = 400 * 1024;

    private static String table;
    private static String binaryTable;
    private static String indexed;

    @BeforeAll
    static void createTables() {
        table = Tables.createHashTable(client(), "valid", "pk", ScalarAttributeType.S);
        binaryTable = Tables.createHashRangeTable(client(), "valid-b", "pk", ScalarAttributeType.B, "sk",
                ScalarAttributeType.S);
        indexed = Tables.create(client(), "valid-gsi", t -> t
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .keySchema(hash("pk"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(hash("g"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static void put(Map<String, AttributeValue> item) {
        client().putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> get(String key) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(key))).consistentRead(true)).item();
    }

    /** An item {pk: key, d: "xxx..."} of exactly {@code totalBytes} bytes as AWS counts them. */
    private static Map<String, AttributeValue> itemOfBytes(String key, int totalBytes) {
        int overhead = "pk".length() + key.length() + "d".length();
        return item("pk", s(key), "d", s(Values.ascii(totalBytes - overhead)));
    }

    private static String storedNumber(String written) {
        String key = Tables.uniqueName("num");
        put(item("pk", s(key), "v", n(written)));
        return get(key).get("v").n();
    }

    @Test
    void item_ofExactly400KiB_isAccepted() {
        put(itemOfBytes("exact", MAX_ITEM_BYTES));

        assertEquals(MAX_ITEM_BYTES - 8, get("exact").get("d").s().length());
    }

    @Test
    void item_oneByteOver400KiB_isRefused() {
        assertValidation("Item size has exceeded the maximum allowed size",
                () -> put(itemOfBytes("over", MAX_ITEM_BYTES + 1)));
    }

    /** Attribute names count toward the size: a long name pushes an otherwise fitting value over the limit. */
    @Test
    void item_size_countsAttributeNames() {
        String name = "n".repeat(1000);
        int valueBytes = MAX_ITEM_BYTES - "pk".length() - "names".length() - name.length() + 1;
        assertValidation("Item size has exceeded the maximum allowed size",
                () -> put(item("pk", s("names"), name, s(Values.ascii(valueBytes)))));
    }

    /** String sizes are UTF-8 bytes, not characters: "é" is two bytes. */
    @Test
    void item_size_countsStringsInUtf8Bytes() {
        int characters = (MAX_ITEM_BYTES - "pk".length() - "utf8".length() - "d".length()) / 2 + 1;
        assertValidation("Item size has exceeded the maximum allowed size",
                () -> put(item("pk", s("utf8"), "d", s("é".repeat(characters)))));
    }

    @Test
    void updateItem_refusesAnUpdateThatMakesTheItemTooLarge() {
        put(itemOfBytes("grow", MAX_ITEM_BYTES - 100));
        assertValidation("Item size to update has exceeded the maximum allowed size",
                () -> client().updateItem(r -> r.tableName(table).key(item("pk", s("grow")))
                        .updateExpression("SET more = :v").expressionAttributeValues(values(":v", s(Values.ascii(200))))));
    }

    @Test
    void putItem_refusesAnEmptyStringHashKey() {
        assertValidation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                + " contain an empty string value. Key: pk", () -> put(item("pk", s(""))));
    }

    @Test
    void putItem_refusesAnEmptyBinaryHashKey() {
        assertValidation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                + " contain an empty binary value. Key: pk",
                () -> client().putItem(r -> r.tableName(binaryTable).item(item("pk", b(new byte[0]), "sk", s("a")))));
    }

    @Test
    void putItem_refusesAnEmptyStringRangeKey() {
        assertValidation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                + " contain an empty string value. Key: sk",
                () -> client().putItem(r -> r.tableName(binaryTable).item(item("pk", b(new byte[] {1}), "sk", s("")))));
    }

    /** Message as recorded by moto and several emulators from AWS (secondary index keys cannot be empty). */
    @Test
    void putItem_refusesAnEmptyStringSecondaryIndexKey() {
        assertValidation("One or more parameter values are not valid. A value specified for a secondary index key is"
                + " not supported. The AttributeValue for a key attribute cannot contain an empty string value."
                + " IndexName: byG, IndexKey: g",
                () -> client().putItem(r -> r.tableName(indexed).item(item("pk", s("a"), "g", s("")))));
    }

    @Test
    void putItem_refusesASecondaryIndexKeyOfTheWrongType() {
        assertValidation("One or more parameter values were invalid: Type mismatch for Index Key g Expected: S"
                + " Actual: N IndexName: byG", () -> client().putItem(r -> r.tableName(indexed)
                        .item(item("pk", s("a"), "g", n(1)))));
    }

    @Test
    void putItem_acceptsAnItemWithoutTheSecondaryIndexKey() {
        client().putItem(r -> r.tableName(indexed).item(item("pk", s("no-index-key"))));

        assertEquals(s("no-index-key"), client().getItem(r -> r.tableName(indexed)
                .key(item("pk", s("no-index-key")))).item().get("pk"));
    }

    @Test
    void putItem_refusesAHashKeyOver2048Bytes() {
        assertValidation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
                + " limit of2048 bytes", () -> put(item("pk", s(Values.ascii(2049)))));
    }

    @Test
    void putItem_acceptsAHashKeyOf2048Bytes() {
        String key = Values.ascii(2048);
        put(item("pk", s(key)));

        assertEquals(s(key), get(key).get("pk"));
    }

    @Test
    void putItem_refusesARangeKeyOver1024Bytes() {
        assertValidation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded"
                + " the size limit of 1024 bytes", () -> client().putItem(r -> r.tableName(binaryTable)
                        .item(item("pk", b(new byte[] {1}), "sk", s(Values.ascii(1025))))));
    }

    @Test
    void number_with38SignificantDigits_isStoredUnchanged() {
        assertEquals("12345678901234567890123456789012345678", storedNumber("12345678901234567890123456789012345678"));
    }

    /** Only significant digits count: 38 digits followed by thirty zeros fit (alternator test_number.py, run on AWS). */
    @Test
    void number_with38SignificantDigitsAndTrailingZeros_isAccepted() {
        String number = "31415926535897932384626433832795028841" + "0".repeat(30);

        assertEquals(0, new BigDecimal(number).compareTo(new BigDecimal(storedNumber(number))));
    }

    @Test
    void number_with39SignificantDigits_isRefused() {
        assertValidation("Attempting to store more than 38 significant digits in a Number",
                () -> storedNumber("123456789012345678901234567890123456789"));
    }

    @Test
    void number_with39SignificantDigitsAfterTheDecimalPoint_isRefused() {
        assertValidation("Attempting to store more than 38 significant digits in a Number",
                () -> storedNumber("3.14159265358979323846264338327950288419"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
        "1E-130", "-1E-130", "1E+125"})
    void number_atTheEdgesOfTheRange_isStoredWithItsValue(String number) {
        assertEquals(0, new BigDecimal(number).compareTo(new BigDecimal(storedNumber(number))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+126", "-1E+126", "11E+125"})
    void number_aboveTheRange_isRefusedAsAnOverflow(String number) {
        assertValidation("Number overflow. Attempting to store a number with magnitude larger than supported range",
                () -> storedNumber(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-131", "-1E-131", "0.9E-130"})
    void number_belowTheRange_isRefusedAsAnUnderflow(String number) {
        assertValidation("Number underflow. Attempting to store a number with magnitude smaller than supported range",
                () -> storedNumber(number));
    }

    /**
     * Numbers are stored as values, not text: AWS returns them without trailing zeros or a redundant sign
     * (issue 8: `1.0` comes back as `1`, `1000.0` as `1000`).
     */
    @ParameterizedTest(name = "{0} is returned as {1}")
    @CsvSource({"1.0, 1", "1000.0, 1000", "0.50, 0.5", "+3, 3", "0001.23, 1.23", "-7.10, -7.1", "100, 100"})
    void number_isNormalised(String written, String returned) {
        assertEquals(returned, storedNumber(written));
    }

    @Test
    void number_insideListsAndMaps_isNormalisedToo() {
        put(item("pk", s("nested-numbers"), "l", l(n("2.50")), "m", m("x", n("1.0"))));

        Map<String, AttributeValue> read = get("nested-numbers");
        assertEquals(l(n("2.5")), read.get("l"));
        assertEquals(m("x", n("1")), read.get("m"));
    }

    /** alternator's test_number.py (run on AWS): "NaN", "Infinity", "dog" and spaces are not numbers. */
    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "dog", " 1"})
    void number_thatIsNotNumeric_isRefused(String text) {
        assertValidationStartingWith("The parameter cannot be converted to a numeric value", () -> storedNumber(text));
    }

    @Test
    void emptyStringSet_isRefused() {
        assertValidation("One or more parameter values were invalid: An string set  may not be empty",
                () -> put(item("pk", s("ess"), "set", ss())));
    }

    @Test
    void emptyNumberSet_isRefused() {
        assertValidation("One or more parameter values were invalid: An number set  may not be empty",
                () -> put(item("pk", s("ens"), "set", ns())));
    }

    @Test
    void emptyBinarySet_isRefused() {
        assertValidation("One or more parameter values were invalid: Binary sets should not be empty",
                () -> put(item("pk", s("ebs"), "set", bs())));
    }

    @Test
    void emptySet_isRefused_insideAMap() {
        assertValidation("One or more parameter values were invalid: An string set  may not be empty",
                () -> put(item("pk", s("nested-set"), "m", m("set", ss()))));
    }

    @Test
    void stringSetWithDuplicates_isRefused() {
        assertValidation("One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
                () -> put(item("pk", s("dss"), "set", ss("a", "a"))));
    }

    @Test
    void numberSetWithDuplicates_isRefused() {
        assertValidation("Input collection contains duplicates", () -> put(item("pk", s("dns"), "set", ns("1", "1"))));
    }

    /** Set members are compared as numbers: "1" and "1.0" are the same member. */
    @Test
    void numberSetWithNumericallyEqualMembers_isRefused() {
        assertValidation("Input collection contains duplicates",
                () -> put(item("pk", s("dns2"), "set", ns("1", "1.0"))));
    }

    @Test
    void nullFalse_isRefused() {
        assertValidation("One or more parameter values were invalid: Null attribute value types must have the value"
                + " of true", () -> put(item("pk", s("nul"), "n", AttributeValue.builder().nul(false).build())));
    }

    @Test
    void attributeValueWithTwoTypes_isRefused() {
        assertValidationStartingWith("Supplied AttributeValue has more than one datatypes set, must contain exactly one"
                + " of the supported datatypes", () -> put(item("pk", s("two"), "v",
                        AttributeValue.builder().s("a").n("1").build())));
    }

    @Test
    void attributeValueWithNoType_isRefused() {
        assertValidationStartingWith("Supplied AttributeValue is empty, must contain exactly one of the supported"
                + " datatypes", () -> put(item("pk", s("none"), "v", AttributeValue.builder().build())));
    }

    /** A string leaf wrapped in {@code wraps} single-entry maps: the attribute itself is level 1. */
    private static AttributeValue nestedMaps(int wraps) {
        AttributeValue value = s("leaf");
        for (int i = 0; i < wraps; i++) {
            value = m("n", value);
        }
        return value;
    }

    /**
     * "DynamoDB supports nested attributes up to 32 levels deep": 31 wraps (leaf at level 32) is the deepest
     * accepted, as a public conformance suite records it against DynamoDB in eu-west-2.
     */
    @Test
    void item_nested32LevelsDeep_isAccepted() {
        put(item("pk", s("deep-32"), "data", nestedMaps(31)));

        assertEquals(nestedMaps(31), get("deep-32").get("data"));
    }

    /** One level deeper fails; AWS's wording after the fixed part varies by region, so the fixed part is compared. */
    @Test
    void item_nested33LevelsDeep_isRefused() {
        AwsErrors.assertErrorContaining(AwsErrors.VALIDATION, "Nesting Levels have exceeded supported limits",
                () -> put(item("pk", s("deep-33"), "data", nestedMaps(32))));
    }

    @Test
    void emptyListsAndMaps_areAccepted() {
        put(item("pk", s("empties"), "l", l(), "m", m()));

        assertEquals(l(), get("empties").get("l"));
        assertEquals(m(), get("empties").get("m"));
    }

    @Test
    void unknownTable_isReportedAsResourceNotFound() {
        assertResourceNotFound(() -> client().putItem(r -> r.tableName("no-such-table-valid").item(item("pk", s("a")))));
    }
}
