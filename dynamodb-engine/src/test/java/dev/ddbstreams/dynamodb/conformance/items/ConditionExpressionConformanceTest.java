package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Values.b;
import static dev.ddbstreams.dynamodb.conformance.items.Values.bool;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.l;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.names;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ns;
import static dev.ddbstreams.dynamodb.conformance.items.Values.nul;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ss;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The condition expression language, driven through a conditional PutItem that rewrites the same item: a
 * condition that holds lets the put through, one that does not fails with ConditionalCheckFailedException.
 * Error messages are those dynalite's tests recorded against AWS unless a test says otherwise.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Condition and filter expressions, operators, and functions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html">Expression attribute names</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html">Expression attribute values</a>
 */
class ConditionExpressionConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final Map<String, AttributeValue> ITEM = item(
            "pk", s("cond"),
            "num", n(5),
            "str", s("hello world"),
            "bin", b(new byte[] {1, 2, 3}),
            "strs", ss("red", "green"),
            "nums", ns("1", "2", "3"),
            "lst", l(s("x"), n(2), s("z")),
            "doc", m("innerv", s("v"), "cnt", n(3), "deeper", m("leaf", bool(true))),
            "nothing", nul(),
            "flag", bool(true),
            "empty", s(""));

    private static String table;

    @BeforeAll
    static void createTableAndItem() {
        table = Tables.createHashTable(client(), "cond", "pk", ScalarAttributeType.S);
        client().putItem(r -> r.tableName(table).item(ITEM));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** Whether {@code condition} holds on ITEM, with expression attribute values given as alternating pairs. */
    private static boolean holds(String condition, Object... placeholdersAndValues) {
        return holdsWithNames(condition, Map.of(), placeholdersAndValues);
    }

    private static boolean holdsWithNames(String condition, Map<String, String> names, Object... valuePairs) {
        Map<String, AttributeValue> values = values(valuePairs);
        try {
            client().putItem(r -> r.tableName(table).item(ITEM).conditionExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} with :v = {1} is {2}")
    @CsvSource({
        "num = :v, 5, true", "num = :v, 6, false",
        "num <> :v, 6, true", "num <> :v, 5, false",
        "num < :v, 6, true", "num < :v, 5, false",
        "num <= :v, 5, true", "num <= :v, 4, false",
        "num > :v, 4, true", "num > :v, 5, false",
        "num >= :v, 5, true", "num >= :v, 6, false"})
    void comparators_compareNumbersNumerically(String condition, String value, boolean expected) {
        assertTrue(holds(condition, ":v", n(value)) == expected);
    }

    @Test
    void equals_comparesNumbersByValue_notByTheirText() {
        assertTrue(holds("num = :v", ":v", n("5.00")));
    }

    @Test
    void lessThan_comparesNumbersNumerically_notAsText() {
        assertTrue(holds("num < :v", ":v", n("10")));
    }

    /** Strings compare by the UTF-8 bytes of their characters: "Z" (0x5A) sorts before "a" (0x61). */
    @Test
    void lessThan_comparesStringsByTheirUtf8Bytes() {
        assertTrue(holds("str > :v", ":v", s("Z")));
        assertFalse(holds("str < :v", ":v", s("Z")));
    }

    @Test
    void greaterThan_comparesBinariesAsUnsignedBytes() {
        assertTrue(holds("bin < :v", ":v", b(new byte[] {(byte) 0x80})));
    }

    /** A comparison between different types is false, not an error. */
    @Test
    void equals_isFalse_betweenANumberAndAString() {
        assertFalse(holds("num = :v", ":v", s("5")));
    }

    @Test
    void notEquals_isTrue_betweenANumberAndAString() {
        assertTrue(holds("num <> :v", ":v", s("5")));
    }

    @Test
    void comparison_isFalse_whenTheAttributeIsMissing() {
        assertFalse(holds("absent < :v", ":v", n(10)));
    }

    @Test
    void equals_comparesWholeMapsAndLists() {
        assertTrue(holds("lst = :v", ":v", l(s("x"), n(2), s("z"))));
        assertFalse(holds("lst = :v", ":v", l(s("x"), n(2))));
    }

    @ParameterizedTest(name = "num BETWEEN {0} AND {1} is {2}")
    @CsvSource({"5, 9, true", "1, 5, true", "1, 4, false", "6, 9, false"})
    void between_includesBothBounds(String low, String high, boolean expected) {
        assertTrue(holds("num BETWEEN :low AND :high", ":low", n(low), ":high", n(high)) == expected);
    }

    @Test
    void between_refusesALowerBoundGreaterThanTheUpper() {
        assertValidationStartingWith("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be"
                + " greater than or equal to lower bound;",
                () -> holds("num BETWEEN :low AND :high", ":low", n(9), ":high", n(1)));
    }

    @Test
    void between_refusesBoundsOfDifferentTypes() {
        assertValidationStartingWith("Invalid ConditionExpression: The BETWEEN operator requires same data type for"
                + " lower and upper bounds;", () -> holds("num BETWEEN :low AND :high", ":low", n(1), ":high", s("9")));
    }

    @Test
    void in_isTrue_whenAnyListedValueEquals() {
        assertTrue(holds("num IN (:a, :b, :c)", ":a", n(1), ":b", n(5), ":c", s("x")));
    }

    @Test
    void in_isFalse_whenNoListedValueEquals() {
        assertFalse(holds("num IN (:a, :b)", ":a", n(1), ":b", n(2)));
    }

    @Test
    void and_requiresBothSides() {
        assertTrue(holds("num = :five AND str = :hello", ":five", n(5), ":hello", s("hello world")));
        assertFalse(holds("num = :five AND str = :other", ":five", n(5), ":other", s("other")));
    }

    @Test
    void or_requiresEitherSide() {
        assertTrue(holds("num = :six OR str = :hello", ":six", n(6), ":hello", s("hello world")));
        assertFalse(holds("num = :six OR str = :other", ":six", n(6), ":other", s("other")));
    }

    @Test
    void not_negatesItsOperand() {
        assertTrue(holds("NOT num = :six", ":six", n(6)));
        assertFalse(holds("NOT num = :five", ":five", n(5)));
    }

    /** Precedence (developer guide): NOT binds tighter than AND, AND tighter than OR. false OR true AND true = true. */
    @Test
    void and_bindsTighterThanOr() {
        assertTrue(holds("num = :six OR num = :five AND flag = :t", ":six", n(6), ":five", n(5), ":t", bool(true)));
        // true OR (false AND ...) = true: without precedence (true OR false) AND false would be false
        assertTrue(holds("num = :five OR num = :six AND flag = :f", ":six", n(6), ":five", n(5), ":f", bool(false)));
    }

    @Test
    void parentheses_overrideThePrecedence() {
        assertFalse(holds("(num = :five OR num = :six) AND flag = :f", ":six", n(6), ":five", n(5), ":f", bool(false)));
    }

    @Test
    void not_bindsTighterThanAnd() {
        // (NOT false) AND true = true; NOT (false AND true) would also be true, so check the other shape:
        // (NOT true) AND false = false versus NOT (true AND false) = true
        assertFalse(holds("NOT num = :five AND flag = :f", ":five", n(5), ":f", bool(false)));
    }

    @Test
    void attributeExists_isTrue_forAPresentAttribute_evenWhenItsValueIsNull() {
        assertTrue(holds("attribute_exists(num)"));
        assertTrue(holds("attribute_exists(nothing)"));
    }

    @Test
    void attributeExists_isFalse_forAMissingAttribute() {
        assertFalse(holds("attribute_exists(absent)"));
    }

    @Test
    void size_followsAListIndex() {
        assertTrue(holds("size(lst[0]) = :one", ":one", n(1)));
    }

    @Test
    void contains_findsABinarySubsequence() {
        assertTrue(holds("contains(bin, :part)", ":part", b(new byte[] {2, 3})));
    }

    @Test
    void attributeNotExists_isTrue_forAMissingAttribute() {
        assertTrue(holds("attribute_not_exists(absent)"));
        assertFalse(holds("attribute_not_exists(num)"));
    }

    @Test
    void attributeExists_followsNestedMapPathsAndListIndexes() {
        assertTrue(holds("attribute_exists(doc.deeper.leaf)"));
        assertTrue(holds("attribute_exists(lst[2])"));
        assertFalse(holds("attribute_exists(lst[3])"));
        assertFalse(holds("attribute_exists(doc.absent)"));
    }

    @ParameterizedTest(name = "attribute_type({0}, {1})")
    @CsvSource({"num, N", "str, S", "bin, B", "strs, SS", "nums, NS", "lst, L", "doc, M", "nothing, NULL",
        "flag, BOOL"})
    void attributeType_matchesTheStoredType(String attribute, String type) {
        assertTrue(holds("attribute_type(" + attribute + ", :t)", ":t", s(type)));
    }

    @Test
    void attributeType_isFalse_forAnotherType() {
        assertFalse(holds("attribute_type(num, :t)", ":t", s("S")));
    }

    @Test
    void attributeType_refusesAnUnknownTypeName() {
        // dynalite's test accepts the ten valid type names in any order, so only the fixed part is compared
        assertValidationStartingWith("Invalid ConditionExpression: Invalid attribute type name found; type: STRING,"
                + " valid types: {", () -> holds("attribute_type(num, :t)", ":t", s("STRING")));
    }

    @Test
    void beginsWith_matchesAStringPrefix() {
        assertTrue(holds("begins_with(str, :p)", ":p", s("hello")));
        assertFalse(holds("begins_with(str, :p)", ":p", s("world")));
    }

    @Test
    void contains_findsASubstring() {
        assertTrue(holds("contains(str, :part)", ":part", s("lo wo")));
        assertFalse(holds("contains(str, :part)", ":part", s("bye")));
    }

    @Test
    void contains_findsASetMember() {
        assertTrue(holds("contains(strs, :member)", ":member", s("green")));
        assertTrue(holds("contains(nums, :member)", ":member", n(2)));
        assertFalse(holds("contains(strs, :member)", ":member", s("blue")));
    }

    @Test
    void contains_findsAListElement() {
        assertTrue(holds("contains(lst, :element)", ":element", n(2)));
        assertFalse(holds("contains(lst, :element)", ":element", s("2")));
    }

    @Test
    void size_measuresStringsInBytes() {
        assertTrue(holds("size(str) = :len", ":len", n(11)));
    }

    @Test
    void size_countsListElementsMapEntriesAndSetMembers() {
        assertTrue(holds("size(lst) = :three AND size(doc) = :three AND size(nums) = :three AND size(strs) = :two",
                ":three", n(3), ":two", n(2)));
    }

    @Test
    void size_measuresBinariesInBytes() {
        assertTrue(holds("size(bin) = :len", ":len", n(3)));
    }

    @Test
    void size_ofAMissingAttribute_makesTheComparisonFalse() {
        assertFalse(holds("size(absent) >= :zero", ":zero", n(0)));
    }

    @Test
    void comparison_followsANestedMapPath() {
        assertTrue(holds("doc.cnt = :three AND doc.deeper.leaf = :t", ":three", n(3), ":t", bool(true)));
    }

    @Test
    void comparison_followsAListIndex() {
        assertTrue(holds("lst[1] = :two AND lst[0] = :x", ":two", n(2), ":x", s("x")));
    }

    @Test
    void expressionAttributeNames_standForAttributeNames_includingReservedWords() {
        assertTrue(holdsWithNames("#n = :five AND attribute_not_exists(#status)",
                names("#n", "num", "#status", "status"), ":five", n(5)));
    }

    /** A name with a dot is one attribute when given through a placeholder, a path when written inline. */
    @Test
    void expressionAttributeName_withADot_namesOneTopLevelAttribute() {
        assertFalse(holdsWithNames("attribute_exists(#dotted)", names("#dotted", "doc.innerv")));
        assertTrue(holds("attribute_exists(doc.innerv)"));
    }

    @Test
    void conditionOnAMissingItem_seesNoAttributes() {
        client().deleteItem(r -> r.tableName(table).key(item("pk", s("absent"))));
        assertTrue(tryPutAbsent("attribute_not_exists(num)"));
        client().deleteItem(r -> r.tableName(table).key(item("pk", s("absent"))));
        assertFalse(tryPutAbsent("attribute_exists(pk)"));
    }

    private static boolean tryPutAbsent(String condition) {
        try {
            client().putItem(r -> r.tableName(table).item(item("pk", s("absent"))).conditionExpression(condition));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    /** "status" is a reserved word (developer guide, Reserved words in DynamoDB). */
    @Test
    void reservedWord_isRefused_whenUsedAsAnAttributeName() {
        assertValidation("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
                () -> holds("attribute_exists(status)"));
    }

    @Test
    void undefinedExpressionAttributeValue_isRefused() {
        assertValidation("Invalid ConditionExpression: An expression attribute value used in expression is not"
                + " defined; attribute value: :undefined", () -> holds("num = :undefined", ":v", n(1)));
    }

    @Test
    void undefinedExpressionAttributeName_isRefused() {
        assertValidation("Invalid ConditionExpression: An expression attribute name used in the document path is not"
                + " defined; attribute name: #undefined",
                () -> holdsWithNames("attribute_exists(#undefined)", names("#n", "num"), ":v", n(1)));
    }

    @Test
    void unusedExpressionAttributeValue_isRefused() {
        assertValidation("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                () -> holds("num = :five", ":five", n(5), ":unused", n(1)));
    }

    @Test
    void unusedExpressionAttributeName_isRefused() {
        assertValidation("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
                () -> holdsWithNames("attribute_exists(num)", names("#unused", "x")));
    }

    @Test
    void emptyExpressionAttributeValues_areRefused() {
        assertValidation("ExpressionAttributeValues must not be empty",
                () -> client().putItem(r -> r.tableName(table).item(ITEM).conditionExpression("attribute_exists(num)")
                        .expressionAttributeValues(Map.of())));
    }

    @Test
    void emptyExpressionAttributeNames_areRefused() {
        assertValidation("ExpressionAttributeNames must not be empty",
                () -> client().putItem(r -> r.tableName(table).item(ITEM).conditionExpression("attribute_exists(num)")
                        .expressionAttributeNames(Map.of())));
    }

    @Test
    void emptyConditionExpression_isRefused() {
        assertValidation("Invalid ConditionExpression: The expression can not be empty;", () -> holds(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"num = ", "num == :v", "(num = :v", "num = :v AND", "num BETWEEN :v"})
    void syntaxError_isRefused(String condition) {
        assertValidationStartingWith("Invalid ConditionExpression: Syntax error; token:",
                () -> holds(condition, ":v", n(1)));
    }

    @Test
    void unknownFunction_isRefused() {
        assertValidation("Invalid ConditionExpression: Invalid function name; function: starts_with",
                () -> holds("starts_with(str, :p)", ":p", s("h")));
    }

    @Test
    void functionWithTheWrongNumberOfOperands_isRefused() {
        assertValidationStartingWith("Invalid ConditionExpression: Incorrect number of operands for operator or"
                + " function; operator or function: begins_with, number of operands: 1",
                () -> holds("begins_with(str)"));
    }

    @Test
    void comparisonOfAPathWithItself_isRefused() {
        assertValidation("Invalid ConditionExpression: The first operand must be distinct from the remaining operands"
                + " for this operator or function; operator: =, first operand: [num]", () -> holds("num = num"));
    }

    @Test
    void functionNeedingADocumentPath_refusesAValue() {
        assertValidation("Invalid ConditionExpression: Operator or function requires a document path; operator or"
                + " function: attribute_exists", () -> holds("attribute_exists(:v)", ":v", s("num")));
    }

    /** dynalite's scan tests note that ":a > :a" is accepted by AWS: only document paths must be distinct. */
    @Test
    void comparisonOfTwoValues_withoutADocumentPath_isAllowed() {
        assertTrue(holds(":a = :a", ":a", n(1)));
    }
}
