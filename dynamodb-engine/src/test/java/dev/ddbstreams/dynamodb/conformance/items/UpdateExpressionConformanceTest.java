package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.l;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.names;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ns;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.ss;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The update expression language through UpdateItem: SET (with +, -, list_append, if_not_exists), REMOVE,
 * ADD and DELETE, nested map paths and list indexes, and AWS's refusals. Messages are those dynalite's
 * updateItem tests recorded against AWS unless a test says otherwise.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a>
 */
class UpdateExpressionConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static String table;

    @BeforeAll
    static void createTable() {
        table = Tables.createHashTable(client(), "updexpr", "pk", ScalarAttributeType.S);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** A fresh item: {pk, num: 10, str: "text", list: [a, b, c, d], map: {x: 1, nested: {y: 2}}, tags: SS{red, green}, ids: NS{1, 2}}. */
    private static String freshItem() {
        String key = Tables.uniqueName("item");
        client().putItem(r -> r.tableName(table).item(item("pk", s(key), "num", n(10), "str", s("text"),
                "lst", l(s("a"), s("b"), s("c"), s("d")), "doc", m("x", n(1), "nested", m("y", n(2))),
                "tags", ss("red", "green"), "ids", ns("1", "2"))));
        return key;
    }

    /** Applies the update and returns the whole item after it (ReturnValues ALL_NEW). */
    private static Map<String, AttributeValue> update(String key, String expression, Object... valuePairs) {
        Map<String, AttributeValue> values = values(valuePairs);
        return client().updateItem(r -> r.tableName(table).key(item("pk", s(key))).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(ReturnValue.ALL_NEW))
                .attributes();
    }

    private static Map<String, AttributeValue> updateWithNames(String key, String expression,
            Map<String, String> names, Object... valuePairs) {
        Map<String, AttributeValue> values = values(valuePairs);
        return client().updateItem(r -> r.tableName(table).key(item("pk", s(key))).updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
    }

    @Test
    void set_addsANewAttribute() {
        assertEquals(s("new"), update(freshItem(), "SET fresh = :v", ":v", s("new")).get("fresh"));
    }

    @Test
    void set_replacesAnAttributeOfAnotherType() {
        assertEquals(l(n(1)), update(freshItem(), "SET str = :v", ":v", l(n(1))).get("str"));
    }

    @Test
    void set_assignsSeveralAttributes_separatedByCommas() {
        Map<String, AttributeValue> after = update(freshItem(), "SET one = :a, two = :b", ":a", n(1), ":b", n(2));

        assertEquals(n(1), after.get("one"));
        assertEquals(n(2), after.get("two"));
    }

    @Test
    void set_copiesAnotherAttributesValue() {
        assertEquals(s("text"), update(freshItem(), "SET cloned = str").get("cloned"));
    }

    @Test
    void set_addsNumbers_withPlus() {
        assertEquals(n(13), update(freshItem(), "SET num = num + :three", ":three", n(3)).get("num"));
    }

    @Test
    void set_subtractsNumbers_withMinus() {
        assertEquals(n(-5), update(freshItem(), "SET num = num - :fifteen", ":fifteen", n(15)).get("num"));
    }

    /** DynamoDB numbers are decimal: 0.1 + 0.2 is exactly 0.3, not the binary floating point 0.30000000000000004. */
    @Test
    void set_addsDecimalNumbersExactly() {
        String key = freshItem();
        update(key, "SET fraction = :a", ":a", n("0.1"));

        assertEquals(n("0.3"), update(key, "SET fraction = fraction + :b", ":b", n("0.2")).get("fraction"));
    }

    @Test
    void set_refusesArithmeticOnAMissingAttribute() {
        String key = freshItem();
        assertValidation("The provided expression refers to an attribute that does not exist in the item",
                () -> update(key, "SET num = absent + :one", ":one", n(1)));
    }

    @Test
    void set_refusesArithmeticOnAStringAttribute() {
        String key = freshItem();
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> update(key, "SET str = str + :one", ":one", n(1)));
    }

    @Test
    void set_refusesAStringValueAsAnOperandOfPlus() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
                + " function: +, operand type: S", () -> update(key, "SET num = num + :s", ":s", s("1")));
    }

    @Test
    void listAppend_appendsToTheEnd() {
        assertEquals(l(s("a"), s("b"), s("c"), s("d"), s("e")),
                update(freshItem(), "SET lst = list_append(lst, :more)", ":more", l(s("e"))).get("lst"));
    }

    @Test
    void listAppend_prependsWhenTheNewListComesFirst() {
        assertEquals(l(s("z"), s("a"), s("b"), s("c"), s("d")),
                update(freshItem(), "SET lst = list_append(:more, lst)", ":more", l(s("z"))).get("lst"));
    }

    @Test
    void listAppend_refusesANonListOperand() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
                + " function: list_append, operand type: S",
                () -> update(key, "SET lst = list_append(lst, :s)", ":s", s("e")));
    }

    @Test
    void ifNotExists_keepsTheExistingValue() {
        assertEquals(n(10), update(freshItem(), "SET num = if_not_exists(num, :zero)", ":zero", n(0)).get("num"));
    }

    @Test
    void ifNotExists_usesTheGivenValue_whenTheAttributeIsMissing() {
        assertEquals(n(0), update(freshItem(), "SET tally = if_not_exists(tally, :zero)", ":zero", n(0))
                .get("tally"));
    }

    @Test
    void ifNotExists_combinesWithPlus_toStartACounter() {
        assertEquals(n(1), update(freshItem(), "SET tally = if_not_exists(tally, :zero) + :one",
                ":zero", n(0), ":one", n(1)).get("tally"));
    }

    @Test
    void listAppend_combinesWithIfNotExists_toStartAList() {
        assertEquals(l(s("first")), update(freshItem(), "SET events = list_append(if_not_exists(events, :empty), :e)",
                ":empty", l(), ":e", l(s("first"))).get("events"));
    }

    @Test
    void set_writesANestedMapPath() {
        assertEquals(m("x", n(1), "nested", m("y", n(2), "z", n(3))),
                update(freshItem(), "SET doc.nested.z = :three", ":three", n(3)).get("doc"));
    }

    @Test
    void set_replacesAListElementByIndex() {
        assertEquals(l(s("a"), s("B"), s("c"), s("d")), update(freshItem(), "SET lst[1] = :v", ":v", s("B"))
                .get("lst"));
    }

    /** "If the index is greater than the list's length, the new element is appended at the end." */
    @Test
    void set_appendsToTheList_whenTheIndexIsPastTheEnd() {
        assertEquals(l(s("a"), s("b"), s("c"), s("d"), s("e")), update(freshItem(), "SET lst[10] = :v", ":v", s("e"))
                .get("lst"));
    }

    @Test
    void set_refusesANestedPathWhoseParentIsMissing() {
        String key = freshItem();
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> update(key, "SET absent.child = :v", ":v", n(1)));
    }

    @Test
    void set_refusesAListIndexOnANonListAttribute() {
        String key = freshItem();
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> update(key, "SET str[0] = :v", ":v", n(1)));
    }

    @Test
    void remove_deletesAnAttribute() {
        assertFalse(update(freshItem(), "REMOVE str").containsKey("str"));
    }

    @Test
    void remove_deletesANestedMapEntry() {
        assertEquals(m("x", n(1), "nested", m()), update(freshItem(), "REMOVE doc.nested.y").get("doc"));
    }

    @Test
    void remove_deletesAListElement_andShiftsTheRest() {
        assertEquals(l(s("a"), s("c"), s("d")), update(freshItem(), "REMOVE lst[1]").get("lst"));
    }

    /** Indexes in one REMOVE all refer to the list before the update. */
    @Test
    void remove_deletesSeveralListElements_byTheirOriginalIndexes() {
        assertEquals(l(s("b"), s("d")), update(freshItem(), "REMOVE lst[0], lst[2]").get("lst"));
    }

    @Test
    void remove_ofAMissingAttribute_changesNothing() {
        String key = freshItem();
        Map<String, AttributeValue> before = client().getItem(r -> r.tableName(table).key(item("pk", s(key))))
                .item();

        assertEquals(before, update(key, "REMOVE absent"));
    }

    @Test
    void add_addsToANumber() {
        assertEquals(n(15), update(freshItem(), "ADD num :five", ":five", n(5)).get("num"));
    }

    /** "If the attribute does not already exist, ADD ... sets the attribute to the value" (0 plus the value). */
    @Test
    void add_createsAMissingNumberAsTheValue() {
        assertEquals(n(-2), update(freshItem(), "ADD tally :v", ":v", n(-2)).get("tally"));
    }

    @Test
    void add_addsMembersToASet() {
        AttributeValue tags = update(freshItem(), "ADD tags :more", ":more", ss("blue", "red")).get("tags");

        assertEquals(Values.sorted(List.of("blue", "green", "red")), Values.sorted(tags.ss()));
    }

    @Test
    void add_createsAMissingSet() {
        assertEquals(List.of("7"), update(freshItem(), "ADD newset :v", ":v", ns("7")).get("newset").ns());
    }

    @Test
    void add_refusesAStringValue() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD,"
                + " operand type: STRING", () -> update(key, "ADD str :v", ":v", s("x")));
    }

    @Test
    void add_refusesASetOfAnotherTypeThanTheStoredSet() {
        String key = freshItem();
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> update(key, "ADD tags :v", ":v", ns("1")));
    }

    @Test
    void delete_removesMembersFromASet() {
        assertEquals(List.of("green"), update(freshItem(), "DELETE tags :gone", ":gone", ss("red", "blue"))
                .get("tags").ss());
    }

    /** A set cannot be empty: deleting its last members removes the attribute. */
    @Test
    void delete_removesTheAttribute_whenNoMemberIsLeft() {
        assertFalse(update(freshItem(), "DELETE ids :all", ":all", ns("1", "2")).containsKey("ids"));
    }

    /** Number set members are values: ADD of "2.0" to a set holding 2 adds nothing new. */
    @Test
    void add_unitesNumberSetsByValue() {
        AttributeValue ids = update(freshItem(), "ADD ids :more", ":more", ns("2.0", "3")).get("ids");

        assertEquals(List.of("1", "2", "3"), Values.sorted(ids.ns()));
    }

    @Test
    void delete_ofMembersNotInTheSet_changesNothing() {
        assertEquals(Values.sorted(List.of("green", "red")),
                Values.sorted(update(freshItem(), "DELETE tags :absent", ":absent", ss("blue")).get("tags").ss()));
    }

    /** "ADD ... If the attribute does not already exist ... or the item does not exist": the update creates it. */
    @Test
    void add_createsTheItem_whenNoItemHasTheKey() {
        String key = Tables.uniqueName("added");
        Map<String, AttributeValue> after = update(key, "ADD tally :one", ":one", n(1));

        assertEquals(item("pk", s(key), "tally", n(1)), after);
    }

    /** Every action's operands are read from the item as it was before the update. */
    @Test
    void set_readsOperandsFromTheItemBeforeTheUpdate() {
        Map<String, AttributeValue> after = update(freshItem(), "SET num = :one, previous = num", ":one", n(1));

        assertEquals(n(1), after.get("num"));
        assertEquals(n(10), after.get("previous"));
    }

    @Test
    void set_writesAListElementInsideAMap() {
        String key = freshItem();
        update(key, "SET doc.arr = :list", ":list", l(n(1), n(2)));

        assertEquals(l(n(1), n(99)), update(key, "SET doc.arr[1] = :v", ":v", n(99)).get("doc").m().get("arr"));
    }

    @Test
    void expressionAttributeNames_canNameEachPartOfANestedPath() {
        Map<String, AttributeValue> after = updateWithNames(freshItem(), "SET #d.#n.#y = :v",
                names("#d", "doc", "#n", "nested", "#y", "y"), ":v", n(7));

        assertEquals(m("y", n(7)), after.get("doc").m().get("nested"));
    }

    /** A name containing a dot, given through a placeholder, is one top-level attribute, not a path. */
    @Test
    void expressionAttributeName_withADot_setsOneTopLevelAttribute() {
        Map<String, AttributeValue> after = updateWithNames(freshItem(), "SET #dotted = :v",
                names("#dotted", "doc.x"), ":v", n(5));

        assertEquals(n(5), after.get("doc.x"));
        assertEquals(n(1), after.get("doc").m().get("x"));
    }

    /** Arithmetic results are numbers like any other: 1.50 + 1.50 is stored and returned as 3. */
    @Test
    void set_arithmeticResult_isNormalised() {
        String key = freshItem();
        update(key, "SET fraction = :a", ":a", n("1.50"));

        assertEquals(n("3"), update(key, "SET fraction = fraction + :b", ":b", n("1.50")).get("fraction"));
    }

    @Test
    void set_subtractionToZero_isReturnedAsZero() {
        assertEquals(n("0"), update(freshItem(), "SET num = num - :ten", ":ten", n(10)).get("num"));
    }

    @Test
    void set_writesAnElementOfANestedList() {
        String key = freshItem();
        update(key, "SET grid = :g", ":g", l(l(n(1), n(2)), l(n(3))));

        assertEquals(l(l(n(1), n(9)), l(n(3))), update(key, "SET grid[0][1] = :v", ":v", n(9)).get("grid"));
    }

    @Test
    void remove_deletesAListElementInsideAMap() {
        String key = freshItem();
        update(key, "SET doc.arr = :list", ":list", l(n(1), n(2), n(3)));

        assertEquals(l(n(1), n(3)), update(key, "REMOVE doc.arr[1]").get("doc").m().get("arr"));
    }

    @Test
    void delete_refusesANonSetValue() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
                + " DELETE, operand type: NUMBER", () -> update(key, "DELETE ids :v", ":v", n(1)));
    }

    @Test
    void clauses_combineInOneExpression() {
        Map<String, AttributeValue> after = update(freshItem(), "SET a = :a REMOVE str ADD num :one DELETE tags :red",
                ":a", s("A"), ":one", n(1), ":red", ss("red"));

        assertEquals(s("A"), after.get("a"));
        assertFalse(after.containsKey("str"));
        assertEquals(n(11), after.get("num"));
        assertEquals(List.of("green"), after.get("tags").ss());
    }

    @Test
    void keywords_areCaseInsensitive() {
        Map<String, AttributeValue> after = update(freshItem(), "set a = if_not_exists(a, :v) remove str",
                ":v", n(1));

        assertEquals(n(1), after.get("a"));
        assertFalse(after.containsKey("str"));
    }

    /** Function names are case-sensitive (moto's key condition tests record "Invalid function name; function: BegIns_WiTh"). */
    @Test
    void functionNames_areCaseSensitive() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Invalid function name; function: IF_NOT_EXISTS",
                () -> update(key, "SET a = IF_NOT_EXISTS(a, :v)", ":v", n(1)));
    }

    @Test
    void expressionAttributeNames_letAReservedWordBeUpdated() {
        assertEquals(s("open"), updateWithNames(freshItem(), "SET #status = :v", names("#status", "status"),
                ":v", s("open")).get("status"));
    }

    /** "status" is a reserved word (developer guide, Reserved words in DynamoDB). */
    @Test
    void reservedWord_isRefused_whenUsedAsAnAttributeName() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                () -> update(key, "SET status = :v", ":v", s("open")));
    }

    @Test
    void aSectionUsedTwice_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
                () -> update(key, "SET a = :v SET b = :v", ":v", n(1)));
    }

    @Test
    void overlappingPaths_areRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or"
                + " rewrite one of these paths; path one: [doc], path two: [doc, x]",
                () -> update(key, "SET doc = :v, doc.x = :v", ":v", n(1)));
    }

    @Test
    void theSamePathInTwoClauses_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or"
                + " rewrite one of these paths; path one: [num], path two: [num]",
                () -> update(key, "SET num = :v REMOVE num", ":v", n(1)));
    }

    @Test
    void undefinedExpressionAttributeValue_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: An expression attribute value used in expression is not defined;"
                + " attribute value: :absent", () -> update(key, "SET a = :absent", ":v", n(1)));
    }

    @Test
    void undefinedExpressionAttributeName_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: An expression attribute name used in the document path is not"
                + " defined; attribute name: #absent",
                () -> updateWithNames(key, "SET #absent = :v", names("#a", "a"), ":v", n(1)));
    }

    @Test
    void unusedExpressionAttributeValue_isRefused() {
        String key = freshItem();
        assertValidation("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                () -> update(key, "SET a = :v", ":v", n(1), ":unused", n(2)));
    }

    @Test
    void emptyUpdateExpression_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: The expression can not be empty;", () -> update(key, ""));
    }

    @Test
    void syntaxError_isRefused() {
        String key = freshItem();
        assertValidationStartingWith("Invalid UpdateExpression: Syntax error; token:",
                () -> update(key, "SET a", ":v", n(1)));
    }

    @Test
    void multiplication_isNotPartOfTheLanguage() {
        String key = freshItem();
        assertValidationStartingWith("Invalid UpdateExpression: Syntax error; token:",
                () -> update(key, "SET num = num * :two", ":two", n(2)));
    }

    @Test
    void unknownFunction_isRefused() {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: Invalid function name; function: list_prepend",
                () -> update(key, "SET lst = list_prepend(lst, :v)", ":v", l(s("x"))));
    }

    /**
     * Only if_not_exists and list_append are update functions; a condition function in an update is refused as
     * "not allowed in an update expression" (not as an unknown function). Wording recorded by independent
     * emulators' tests found with the code search: a Go emulator's TestUpdateEvalSyntaxError
     * ("function: size") and a Rust DynamoDB implementation's transaction tests ("function: contains").
     */
    @ParameterizedTest
    @ValueSource(strings = {"attribute_exists", "size"})
    void conditionFunctions_areNotAllowedInUpdates(String function) {
        String key = freshItem();
        assertValidation("Invalid UpdateExpression: The function is not allowed in an update expression; function: "
                + function, () -> update(key, "SET a = " + function + "(str)"));
    }
}
