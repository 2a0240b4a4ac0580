package dev.ddbstreams.dynamodb.expression;

import static dev.ddbstreams.dynamodb.expression.Fixtures.b;
import static dev.ddbstreams.dynamodb.expression.Fixtures.bs;
import static dev.ddbstreams.dynamodb.expression.Fixtures.item;
import static dev.ddbstreams.dynamodb.expression.Fixtures.list;
import static dev.ddbstreams.dynamodb.expression.Fixtures.map;
import static dev.ddbstreams.dynamodb.expression.Fixtures.n;
import static dev.ddbstreams.dynamodb.expression.Fixtures.names;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ns;
import static dev.ddbstreams.dynamodb.expression.Fixtures.refused;
import static dev.ddbstreams.dynamodb.expression.Fixtures.s;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ss;
import static dev.ddbstreams.dynamodb.expression.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Parsing and applying update expressions.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
class UpdateExpressionTest {

    private static final String SET =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.SET";
    private static final String REMOVE =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.REMOVE";
    private static final String ADD =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD";
    private static final String DELETE =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.DELETE";

    private static Map<String, AttributeValue> apply(Map<String, AttributeValue> item, String expression,
            Object... placeholdersAndValues) {
        return Expressions.update(expression, values(placeholdersAndValues)).apply(item);
    }

    // ------------------------------------------------------------ SET (SET)

    @Test
    void setCreatesAndReplacesTopLevelAttributes() { // SET: modifying/adding attributes
        Map<String, AttributeValue> result = apply(item("id", s("1"), "a", n(1)), "SET a = :a, b = :b",
                ":a", n(2), ":b", s("new"));
        assertEquals(item("id", s("1"), "a", n(2), "b", s("new")), result);
    }

    @Test
    void setOnEmptyItem() { // SET: the item is created when it does not exist
        assertEquals(item("a", n(1)), apply(Map.of(), "SET a = :v", ":v", n(1)));
    }

    @Test
    void applyLeavesTheInputUnchanged() { // UpdateExpression contract: the update works on a copy
        Map<String, AttributeValue> original = item("a", n(1));
        apply(original, "SET a = :v", ":v", n(2));
        assertEquals(item("a", n(1)), original);
    }

    @Test
    void setNestedMapKey() { // SET: adding nested map attributes
        Map<String, AttributeValue> result = apply(item("m", map("x", n(1))), "SET m.y = :v, m.x = :w",
                ":v", s("y"), ":w", n(2));
        assertEquals(item("m", map("x", n(2), "y", s("y"))), result);
    }

    @Test
    void setListElement() { // SET: list elements
        Map<String, AttributeValue> result = apply(item("l", list(n(0), n(1), n(2))), "SET l[1] = :v", ":v", s("one"));
        assertEquals(item("l", list(n(0), s("one"), n(2))), result);
    }

    @Test
    void setListIndexPastEndAppends() { // SET: "adding elements to a list" - an index past the end appends
        Map<String, AttributeValue> result = apply(item("l", list(n(0))), "SET l[10] = :v", ":v", n(9));
        assertEquals(item("l", list(n(0), n(9))), result);
    }

    @Test
    void setSeveralIndexesPastEndAppendInIndexOrder() { // SET: "the elements are sorted in order by element number"
        // Alternator test_nested_attribute_update_array_out_of_bounds records this against DynamoDB.
        Map<String, AttributeValue> result = apply(item("l", list(n(0))), "SET l[84] = :a, l[37] = :b, l[17] = :c",
                ":a", n(84), ":b", n(37), ":c", n(17));
        assertEquals(item("l", list(n(0), n(17), n(37), n(84))), result);
    }

    @Test
    void setDeepPathInsideListOfMaps() { // SET: nested document paths
        Map<String, AttributeValue> result = apply(item("l", list(map("a", n(1)))), "SET l[0].b = :v", ":v", n(2));
        assertEquals(item("l", list(map("a", n(1), "b", n(2)))), result);
    }

    @Test
    void setPlusAndMinusOnNumbers() { // SET: incrementing and decrementing numeric attributes
        Map<String, AttributeValue> item = item("price", n(10));
        assertEquals(item("price", n(15)), apply(item, "SET price = price + :v", ":v", n(5)));
        assertEquals(item("price", n("7.5")), apply(item, "SET price = price - :v", ":v", n("2.5")));
        assertEquals(item("price", n(10), "q", n(3)), apply(item, "SET q = :a - :b", ":a", n(5), ":b", n(2)));
    }

    @Test
    void setArithmeticOnTwoPaths() { // SET: both operands may be attributes
        assertEquals(item("a", n(2), "b", n(3), "c", n(5)), apply(item("a", n(2), "b", n(3)), "SET c = a + b"));
    }

    @Test
    void setArithmeticKeepsPrecision() { // HowItWorks.DataTypes: numbers up to 38 digits, exact
        Map<String, AttributeValue> result = apply(item("a", n("0.1")), "SET a = a + :v", ":v", n("0.2"));
        assertEquals(item("a", n("0.3")), result);
    }

    @Test
    void setArithmeticOnMissingAttributeIsRefused() { // SET: operands must exist
        refused("The provided expression refers to an attribute that does not exist in the item",
                () -> apply(item(), "SET a = a + :v", ":v", n(1)));
    }

    @Test
    void setArithmeticOnStringAttributeIsRefused() { // SET: + and - work on numbers only
        refused("An operand in the update expression has an incorrect data type",
                () -> apply(item("a", s("x")), "SET a = a + :v", ":v", n(1)));
    }

    @Test
    void ifNotExistsKeepsExistingValue() { // SET: preventing overwrites with if_not_exists
        assertEquals(item("a", n(1)), apply(item("a", n(1)), "SET a = if_not_exists(a, :v)", ":v", n(9)));
        assertEquals(item("a", n(9)), apply(item(), "SET a = if_not_exists(a, :v)", ":v", n(9)));
    }

    @Test
    void ifNotExistsInsideArithmetic() { // SET: if_not_exists(a, :zero) + :inc (a common counter idiom)
        String counter = "SET c = if_not_exists(c, :zero) + :inc";
        assertEquals(item("c", n(1)), apply(item(), counter, ":zero", n(0), ":inc", n(1)));
        assertEquals(item("c", n(6)), apply(item("c", n(5)), counter, ":zero", n(0), ":inc", n(1)));
    }

    @Test
    void ifNotExistsWithOtherPath() { // SET: if_not_exists(path, operand) reads any path
        assertEquals(item("b", n(2), "a", n(2)), apply(item("b", n(2)), "SET a = if_not_exists(b, :v)", ":v", n(9)));
    }

    @Test
    void listAppendAtEitherEnd() { // SET: appending elements to a list (list_append)
        Map<String, AttributeValue> item = item("l", list(n(1), n(2)));
        assertEquals(item("l", list(n(1), n(2), n(3))), apply(item, "SET l = list_append(l, :v)", ":v", list(n(3))));
        assertEquals(item("l", list(n(0), n(1), n(2))), apply(item, "SET l = list_append(:v, l)", ":v", list(n(0))));
    }

    @Test
    void listAppendWithIfNotExists() { // SET: list_append(if_not_exists(l, :empty), :v)
        assertEquals(item("l", list(n(3))), apply(item(), "SET l = list_append(if_not_exists(l, :empty), :v)",
                ":empty", list(), ":v", list(n(3))));
    }

    @Test
    void listAppendOnNonListAttributeIsRefused() { // SET: list_append takes lists
        refused("An operand in the update expression has an incorrect data type",
                () -> apply(item("l", s("x")), "SET l = list_append(l, :v)", ":v", list(n(3))));
    }

    @Test
    void setCopiesFromTheOldItem() { // SET: every operand reads the item before the update
        // Alternator test_update_expression_set_copy: "SET a = :v, b = a" copies the old a.
        assertEquals(item("a", n(2), "b", n(1)), apply(item("a", n(1)), "SET a = :v, b = a", ":v", n(2)));
    }

    @Test
    void setFromMissingAttributeIsRefused() { // SET: "The provided expression refers to an attribute that does not exist"
        refused("The provided expression refers to an attribute that does not exist in the item",
                () -> apply(item(), "SET a = b"));
    }

    @Test
    void setUnderMissingParentIsRefused() { // SET: the parent of a nested path must exist
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item(), "SET m.x = :v", ":v", n(1)));
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("m", map()), "SET m.x.y = :v", ":v", n(1)));
    }

    @Test
    void setUnderWrongTypedParentIsRefused() { // SET: a map key into a list, an index into a map
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("m", list()), "SET m.x = :v", ":v", n(1)));
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("m", map()), "SET m[0] = :v", ":v", n(1)));
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("m", s("text")), "SET m.x = :v", ":v", n(1)));
    }

    @Test
    void setWithNamePlaceholders() { // Expressions.ExpressionAttributeNames in updates
        ExpressionAttributes attributes = Fixtures.attrs(names("#m", "map", "#k", "key"), Fixtures.item(":v", n(1)));
        Map<String, AttributeValue> result = Expressions.update("SET #m.#k = :v", attributes)
                .apply(item("map", map()));
        assertEquals(item("map", map("key", n(1))), result);
    }

    // ------------------------------------------------------------ REMOVE

    @Test
    void removeTopLevelAttributes() { // REMOVE: removing attributes from an item
        assertEquals(item("c", n(3)), apply(item("a", n(1), "b", n(2), "c", n(3)), "REMOVE a, b"));
    }

    @Test
    void removeMissingAttributeIsNoOp() { // REMOVE; Alternator test_nested_attribute_remove_missing_leaf
        Map<String, AttributeValue> item = item("a", n(1), "m", map("x", n(1)), "l", list(n(0)));
        assertEquals(item, apply(item, "REMOVE b, m.y, l[3]"));
    }

    @Test
    void removeUnderMissingParentIsRefused() { // REMOVE; Alternator test_nested_attribute_update_bad_path_dot
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("a", n(1)), "REMOVE m.x"));
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("a", n(1)), "REMOVE l[0]"));
    }

    @Test
    void removeUnderWrongTypedParentIsRefused() { // REMOVE; Alternator test_nested_attribute_update_bad_path_array
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("a", s("hello")), "REMOVE a.c"));
        refused("The document path provided in the update expression is invalid for update",
                () -> apply(item("a", s("hello")), "REMOVE a[0]"));
    }

    @Test
    void removeNestedFromMissingItemIsNoOp() { // REMOVE; Alternator test_nested_attribute_remove_from_missing_item
        assertEquals(item(), apply(item(), "REMOVE x.y"));
        assertEquals(item(), apply(item(), "REMOVE x[0]"));
        UpdateExpression update = Expressions.update("REMOVE x.y SET a = :v", values(":v", n(1)));
        assertEquals(item("pk", s("k"), "a", n(1)), update.applyToAbsentItem(item("pk", s("k"))));
        refused("The document path provided in the update expression is invalid for update",
                () -> update.apply(item("pk", s("k"))));
    }

    @Test
    void setOfNestedPathOnAbsentItemIsRefused() { // dynalite test/updateItem.js: "set b.a = a" on no item
        refused("The document path provided in the update expression is invalid for update",
                () -> Expressions.update("SET b.a = pk", Fixtures.none()).applyToAbsentItem(item("pk", s("k"))));
    }

    @Test
    void keyAttributesOfAbsentItemCanBeRead() { // UpdateExpressions SET: the new item holds its key
        assertEquals(item("pk", s("k"), "duplicate", s("k")),
                Expressions.update("SET duplicate = pk", Fixtures.none()).applyToAbsentItem(item("pk", s("k"))));
    }

    @Test
    void wrongTypesFoundInTheItem() { // dynalite test/updateItem.js "delete/add incorrect types"
        Map<String, AttributeValue> item = item("a", s("key"), "b", map("a", ss("1")), "c", n(1), "d", ns("1"));
        String message = "An operand in the update expression has an incorrect data type";
        refused(message, () -> apply(item, "DELETE d :a", ":a", ss("1")));
        refused(message, () -> apply(item, "DELETE b :a", ":a", ns("1")));
        refused(message, () -> apply(item, "DELETE b.a :a", ":a", ns("1")));
        refused(message, () -> apply(item, "DELETE c :a", ":a", ns("1")));
        refused(message, () -> apply(item, "ADD b :a", ":a", ns("1")));
        refused(message, () -> apply(item, "ADD d :a", ":a", n(1)));
        refused(message, () -> apply(item, "SET e = a + :a", ":a", n(1)));
        refused(message, () -> apply(item, "SET e = list_append(d, if_not_exists(f, :a))", ":a", list()));
    }

    @Test
    void nestedPathsUnderMissingOrWrongParents() { // dynalite test/updateItem.js "non-existent nested attribute in existing item"
        Map<String, AttributeValue> item = item("a", s("key"), "b", s("key"), "c", map("1", s("a")), "d", list(s("a"), s("b")));
        ExpressionAttributes attributes = Fixtures.attrs(names("#1", "1"), Fixtures.item(":a", ss("a")));
        for (String expression : new String[] {"SET b.a = :a", "SET b[1] = :a", "SET y.a = :a", "SET y[1] = :a",
                "SET c[1] = :a", "SET d.#1 = :a", "REMOVE b.a", "REMOVE y[1]", "REMOVE c[1]", "REMOVE d.#1",
                "DELETE y.a :a", "DELETE d.#1 :a", "ADD b.a :a", "ADD c[1] :a", "ADD d.#1 :a"}) {
            refused("The document path provided in the update expression is invalid for update",
                    () -> Expressions.update(expression, attributes).apply(item));
        }
    }

    @Test
    void removeOnlyKeyLeavesEmptyMapAndList() { // REMOVE; Alternator test_update_expression_nested_remove_singleton_map
        assertEquals(item("m", map(), "l", list()), apply(item("m", map("b", n(1)), "l", list(n(1))), "REMOVE m.b, l[0]"));
    }

    @Test
    void setAndRemoveInOneListUseOldIndexes() { // REMOVE; Alternator test_update_expression_nested_remove_list_item_original_number
        Map<String, AttributeValue> item = item("a", list(n(2), n(3), n(4), n(5), n(6), n(7)));
        Map<String, AttributeValue> expected = item("a", list(n(2), n(4), n(17), n(6), n(7)));
        assertEquals(expected, apply(item, "REMOVE a[1] SET a[3] = :v", ":v", n(17)));
        assertEquals(expected, apply(item, "SET a[3] = :v REMOVE a[1]", ":v", n(17)));
    }

    @Test
    void removeNestedMapKey() { // REMOVE: nested attributes
        assertEquals(item("m", map("y", n(2))), apply(item("m", map("x", n(1), "y", n(2))), "REMOVE m.x"));
    }

    @Test
    void removeListElementShiftsTheRest() { // REMOVE: removing elements from a list
        assertEquals(item("l", list(n(0), n(2))), apply(item("l", list(n(0), n(1), n(2))), "REMOVE l[1]"));
    }

    @Test
    void removeSeveralListElementsUsesOldIndexes() { // REMOVE: all indexes refer to the list before the update
        Map<String, AttributeValue> item = item("l", list(n(0), n(1), n(2), n(3), n(4)));
        assertEquals(item("l", list(n(1), n(3))), apply(item, "REMOVE l[0], l[2], l[4]"));
        assertEquals(item("l", list(n(1), n(3))), apply(item, "REMOVE l[4], l[0], l[2]"));
    }

    @Test
    void addAndRemoveInOneListUseOldIndexes() { // REMOVE: indexes refer to the list before the update
        Map<String, AttributeValue> item = item("l", list(n(1), n(2), n(3)));
        assertEquals(item("l", list(n(12), n(3))), apply(item, "REMOVE l[0] ADD l[1] :ten", ":ten", n(10)));
    }

    @Test
    void removeIndexPastEndIsNoOp() { // REMOVE
        assertEquals(item("l", list(n(0))), apply(item("l", list(n(0))), "REMOVE l[7]"));
    }

    // ------------------------------------------------------------ ADD

    @Test
    void addToNumber() { // ADD: adding a number
        assertEquals(item("c", n(8)), apply(item("c", n(5)), "ADD c :v", ":v", n(3)));
        assertEquals(item("c", n(2)), apply(item("c", n(5)), "ADD c :v", ":v", n(-3)));
    }

    @Test
    void addCreatesMissingNumber() { // ADD: "If the attribute doesn't exist, ADD sets it to the value"
        assertEquals(item("c", n(3)), apply(item(), "ADD c :v", ":v", n(3)));
    }

    @Test
    void addToSets() { // ADD: adding elements to a set
        assertEquals(item("s", ss("a", "b", "c")), apply(item("s", ss("a", "b")), "ADD s :v", ":v", ss("b", "c")));
        assertEquals(item("s", ns("1", "2")), apply(item("s", ns("1")), "ADD s :v", ":v", ns("2")));
        assertEquals(item("s", bs(b(1), b(2))), apply(item("s", bs(b(1))), "ADD s :v", ":v", bs(b(2))));
    }

    @Test
    void addCreatesMissingSet() { // ADD
        assertEquals(item("s", ss("x")), apply(item(), "ADD s :v", ":v", ss("x")));
    }

    @Test
    void addSetToWrongTypedAttributeIsRefused() { // ADD: the attribute must be a set of the same type
        refused("An operand in the update expression has an incorrect data type",
                () -> apply(item("s", ns("1")), "ADD s :v", ":v", ss("x")));
        refused("An operand in the update expression has an incorrect data type",
                () -> apply(item("s", s("x")), "ADD s :v", ":v", n(1)));
    }

    @Test
    void addSeveralAndNested() { // ADD: several actions, nested number
        Map<String, AttributeValue> result = apply(item("m", map("c", n(1))), "ADD m.c :one, d :one", ":one", n(1));
        assertEquals(item("m", map("c", n(2)), "d", n(1)), result);
    }

    // ------------------------------------------------------------ DELETE

    @Test
    void deleteFromSet() { // DELETE: removing elements from a set
        assertEquals(item("s", ss("a")), apply(item("s", ss("a", "b", "c")), "DELETE s :v", ":v", ss("b", "c", "z")));
        assertEquals(item("s", ns("2")), apply(item("s", ns("1", "2")), "DELETE s :v", ":v", ns("1.0")));
    }

    @Test
    void deleteLastElementsRemovesAttribute() { // DELETE: a set cannot be empty, so the attribute goes
        assertEquals(item("x", n(1)), apply(item("x", n(1), "s", ss("a")), "DELETE s :v", ":v", ss("a")));
    }

    @Test
    void deleteFromMissingAttributeIsNoOp() { // DELETE
        assertEquals(item(), apply(item(), "DELETE s :v", ":v", ss("a")));
    }

    @Test
    void deleteFromWrongTypedAttributeIsRefused() { // DELETE: the attribute must be a set of the same type
        refused("An operand in the update expression has an incorrect data type",
                () -> apply(item("s", ns("1")), "DELETE s :v", ":v", ss("1")));
    }

    // ------------------------------------------------------------ clauses together

    @Test
    void allFourClausesInAnyOrder() { // UpdateExpressions: SET, REMOVE, ADD, DELETE in one expression
        Map<String, AttributeValue> item = item("a", n(1), "b", n(2), "c", n(3), "d", ss("x", "y"));
        Map<String, AttributeValue> result = apply(item, "DELETE d :d ADD c :one REMOVE b SET a = :a",
                ":d", ss("x"), ":one", n(1), ":a", s("A"));
        assertEquals(item("a", s("A"), "c", n(4), "d", ss("y")), result);
    }

    @Test
    void clauseKeywordsAreCaseInsensitive() { // UpdateExpressions: keywords
        assertEquals(item("a", n(1)), apply(item("b", n(1)), "set a = :v remove b", ":v", n(1)));
    }

    @Test
    void topLevelAttributesNamesEveryActionTarget() { // UpdateExpression contract (key attributes are refused)
        UpdateExpression update = Expressions.update("SET a.b = :v, #c = :v REMOVE d[0] ADD e :n DELETE f :s",
                Fixtures.attrs(names("#c", "c"), Fixtures.item(":v", n(1), ":n", n(1), ":s", ss("x"))));
        assertEquals(Set.of("a", "c", "d", "e", "f"), update.topLevelAttributes());
    }
}
