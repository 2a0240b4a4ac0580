package dev.ddbstreams.dynamodb.expression;

import static dev.ddbstreams.dynamodb.expression.Fixtures.b;
import static dev.ddbstreams.dynamodb.expression.Fixtures.n;
import static dev.ddbstreams.dynamodb.expression.Fixtures.names;
import static dev.ddbstreams.dynamodb.expression.Fixtures.refused;
import static dev.ddbstreams.dynamodb.expression.Fixtures.s;
import static dev.ddbstreams.dynamodb.expression.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Key condition expressions for Query.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
 */
class KeyConditionTest {

    private static KeyCondition parse(String expression, Object... placeholdersAndValues) {
        return Expressions.keyCondition(expression, values(placeholdersAndValues), "pk", "sk");
    }

    private static KeyCondition.SortKeyCondition sort(String expression, Object... placeholdersAndValues) {
        return parse(expression, placeholdersAndValues).sortKeyCondition().orElseThrow();
    }

    @Test
    void partitionKeyOnly() { // Query.KeyConditionExpressions: partitionKeyName = :partitionkeyval
        KeyCondition condition = parse("pk = :p", ":p", s("A"));
        assertEquals(s("A"), condition.partitionKeyValue());
        assertEquals(Optional.empty(), condition.sortKeyCondition());
    }

    @Test
    void partitionKeyOnTableWithoutSortKey() { // Query.KeyConditionExpressions
        KeyCondition condition = Expressions.keyCondition("pk = :p", values(":p", n(1)), "pk", null);
        assertEquals(n(1), condition.partitionKeyValue());
    }

    @Test
    void eachSortKeyComparator() { // Query.KeyConditionExpressions: sortKeyName = < <= > >= :sortkeyval
        assertEquals(new KeyCondition.SortKeyCondition("EQ", List.of(n(1))), sort("pk = :p AND sk = :s", ":p", s("A"), ":s", n(1)));
        assertEquals("LT", sort("pk = :p AND sk < :s", ":p", s("A"), ":s", n(1)).operator());
        assertEquals("LE", sort("pk = :p AND sk <= :s", ":p", s("A"), ":s", n(1)).operator());
        assertEquals("GT", sort("pk = :p AND sk > :s", ":p", s("A"), ":s", n(1)).operator());
        assertEquals("GE", sort("pk = :p AND sk >= :s", ":p", s("A"), ":s", n(1)).operator());
    }

    @Test
    void between() { // Query.KeyConditionExpressions: sortKeyName BETWEEN :sortkeyval1 AND :sortkeyval2
        assertEquals(new KeyCondition.SortKeyCondition("BETWEEN", List.of(n(1), n(5))),
                sort("pk = :p AND sk BETWEEN :a AND :b", ":p", s("A"), ":a", n(1), ":b", n(5)));
    }

    @Test
    void beginsWith() { // Query.KeyConditionExpressions: begins_with ( sortKeyName, :sortkeyval )
        assertEquals(new KeyCondition.SortKeyCondition("BEGINS_WITH", List.of(s("2024-"))),
                sort("pk = :p AND begins_with(sk, :s)", ":p", s("A"), ":s", s("2024-")));
        assertEquals("BEGINS_WITH", sort("pk = :p AND begins_with(sk, :s)", ":p", s("A"), ":s", b(1)).operator());
    }

    @Test
    void sortKeyConditionFirst() { // Query.KeyConditionExpressions: conditions joined by AND in either order
        KeyCondition condition = parse("sk > :s AND pk = :p", ":p", s("A"), ":s", n(1));
        assertEquals(s("A"), condition.partitionKeyValue());
        assertEquals("GT", condition.sortKeyCondition().orElseThrow().operator());
    }

    @Test
    void valueOnTheLeftIsMirrored() { // Query.KeyConditionExpressions: a comparison read from either side
        assertEquals("GT", sort("pk = :p AND :s < sk", ":p", s("A"), ":s", n(1)).operator());
        assertEquals(s("A"), parse(":p = pk", ":p", s("A")).partitionKeyValue());
    }

    @Test
    void parenthesesAndPlaceholders() { // Expressions.ExpressionAttributeNames in key conditions
        KeyCondition condition = Expressions.keyCondition("(#k = :p) AND (#r >= :s)",
                Fixtures.attrs(names("#k", "pk", "#r", "sk"), Fixtures.item(":p", s("A"), ":s", n(3))), "pk", "sk");
        assertEquals("GE", condition.sortKeyCondition().orElseThrow().operator());
    }

    @Test
    void keywordsInAnyCase() { // Query.KeyConditionExpressions
        assertTrue(parse("pk = :p and sk between :a and :b", ":p", s("A"), ":a", n(1), ":b", n(2))
                .sortKeyCondition().isPresent());
    }

    @Test
    void missingPartitionKeyCondition() { // recorded in moto's test_dynamodb_exceptions.py
        refused("Query condition missed key schema element: pk", () -> parse("sk = :s", ":s", n(1)));
    }

    @Test
    void partitionKeyNeedsEquality() { // Query.KeyConditionExpressions: the partition key takes only =
        refused("Query key condition not supported", () -> parse("pk > :p", ":p", s("A")));
        refused("Query key condition not supported", () -> parse("begins_with(pk, :p)", ":p", s("A")));
        refused("Query key condition not supported", () -> parse("pk BETWEEN :a AND :b", ":a", s("A"), ":b", s("B")));
    }

    @Test
    void nonKeyAttributeOnTableWithoutSortKey() { // moto key_condition_expression.py
        refused("Query key condition not supported", () -> Expressions.keyCondition("pk = :p AND extra = :o",
                values(":p", s("A"), ":o", s("B")), "pk", null));
    }

    @Test
    void nonKeyAttributeInsteadOfSortKey() { // moto key_condition_expression.py: reported as the missing sort key
        refused("Query condition missed key schema element: sk",
                () -> parse("pk = :p AND extra = :o", ":p", s("A"), ":o", s("B")));
    }

    @Test
    void moreConditionsThanKeyAttributes() { // pinned against AWS in nubo-db/dynamodb-conformance (2026)
        refused("The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)",
                () -> parse("pk = :p AND sk = :s AND extra = :o", ":p", s("A"), ":s", n(1), ":o", s("B")));
    }

    @Test
    void orIsRefused() { // Query.KeyConditionExpressions: conditions are joined by AND only
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR",
                () -> parse("pk = :p OR sk = :s", ":p", s("A"), ":s", n(1)));
    }

    @Test
    void notIsRefused() { // Query.KeyConditionExpressions
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: NOT",
                () -> parse("NOT pk = :p", ":p", s("A")));
    }

    @Test
    void extraOperatorsAreRefused() { // Query.KeyConditionExpressions: = < <= > >= BETWEEN begins_with only
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>",
                () -> parse("pk = :p AND sk <> :s", ":p", s("A"), ":s", n(1)));
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: IN",
                () -> parse("pk = :p AND sk IN (:s)", ":p", s("A"), ":s", n(1)));
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists",
                () -> parse("pk = :p AND attribute_exists(sk)", ":p", s("A")));
        refused("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: contains",
                () -> parse("pk = :p AND contains(sk, :s)", ":p", s("A"), ":s", s("x")));
    }

    @Test
    void twoConditionsOnOneKey() { // Query.KeyConditionExpressions: one condition per key
        refused("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
                () -> parse("pk = :p AND sk > :a AND sk < :b", ":p", s("A"), ":a", n(1), ":b", n(5)));
        refused("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
                () -> parse("pk = :p AND pk = :p", ":p", s("A")));
    }

    @Test
    void twoAttributeNamesInOneCondition() { // recorded in moto's aws_verified test_query_unused_attribute_name
        refused("Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
                () -> parse("pk = sk"));
    }

    @Test
    void beginsWithOnNumberValueIsRefused() { // Query.KeyConditionExpressions: begins_with needs S or B
        refused("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
                () -> parse("pk = :p AND begins_with(sk, :s)", ":p", s("A"), ":s", n(1)));
    }

    @Test
    void betweenBoundsOutOfOrder() { // Query.KeyConditionExpressions: BETWEEN low AND high
        refused("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:5}",
                () -> parse("pk = :p AND sk BETWEEN :a AND :b", ":p", s("A"), ":a", n(10), ":b", n(5)));
    }

    @Test
    void nestedKeyPathIsRefused() { // Query.KeyConditionExpressions: keys are top-level attributes (dynalite checkExpr)
        refused("Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes",
                () -> parse("pk.x = :p", ":p", s("A")));
    }

    @Test
    void sizeIsANestedOperation() { // dynalite test/query.js "should return ValidationException for nested operations"
        refused("Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested operations",
                () -> parse("pk = :p AND size(sk) > :s", ":p", s("A"), ":s", n(1)));
        refused("Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested operations",
                () -> parse("pk = :p AND sk BETWEEN size(pk) AND :s", ":p", s("A"), ":s", n(1)));
    }

    @Test
    void keyAttributeMustComeFirstInBetweenAndBeginsWith() { // dynalite test/query.js
        refused("Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
                () -> parse("pk = :p AND :a BETWEEN sk AND :b", ":p", s("A"), ":a", n(1), ":b", n(2)));
        refused("Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
                () -> parse("pk = :p AND begins_with(:a, sk)", ":p", s("A"), ":a", s("x")));
    }

    @Test
    void conditionWithoutAttribute() { // dynalite checkExpr: two values and no key attribute
        refused("Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: No key attribute specified",
                () -> parse(":a = :b", ":a", s("A"), ":b", s("B")));
    }

    @Test
    void orderingAgainstNonKeyType() { // pinned against AWS in nubo-db/dynamodb-conformance (2026)
        refused("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL",
                () -> parse("pk = :p AND sk < :v", ":p", s("A"), ":v", Fixtures.bool(true)));
        refused("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL",
                () -> parse("pk = :p AND :v >= sk", ":p", s("A"), ":v", Fixtures.bool(true)));
        refused("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL",
                () -> parse("pk = :p AND sk BETWEEN :a AND :b", ":p", s("A"), ":a", Fixtures.bool(false), ":b", Fixtures.bool(true)));
    }

    @Test
    void valueOfWrongKeyType() { // dynalite actions/query.js; nubo-db pins it for begins_with on a number key
        String message = "One or more parameter values were invalid: Condition parameter type does not match schema type";
        refused(message, () -> Expressions.keyCondition("pk = :p", values(":p", n(1)), "pk", "S", "sk", "N"));
        refused(message, () -> Expressions.keyCondition("pk = :p AND begins_with(sk, :s)",
                values(":p", s("A"), ":s", s("x")), "pk", "S", "sk", "N"));
        refused(message, () -> Expressions.keyCondition("pk = :p AND sk = :s",
                values(":p", s("A"), ":s", Fixtures.bool(true)), "pk", "S", "sk", "N"));
        assertEquals(s("A"), Expressions.keyCondition("pk = :p AND sk BETWEEN :a AND :b",
                values(":p", s("A"), ":a", n(1), ":b", n(2)), "pk", "S", "sk", "N").partitionKeyValue());
    }

    @Test
    void twoConditionsOnHashOnlyTable() { // dynalite actions/query.js
        refused("Query key condition not supported", () -> Expressions.keyCondition("pk = :p AND pk2 = :q",
                values(":p", s("A"), ":q", s("B")), "pk", null));
    }

    @Test
    void redundantParenthesesInKeyCondition() { // Alternator test_key_condition_expression_parser
        refused("Invalid KeyConditionExpression: The expression has redundant parentheses;",
                () -> parse("((sk = :s) AND ((pk = :p)))", ":p", s("A"), ":s", n(1)));
        assertEquals(s("A"), parse("((sk = :s) AND (pk = :p))", ":p", s("A"), ":s", n(1)).partitionKeyValue());
    }

    @Test
    void unknownFunctionInKeyCondition() { // Alternator test_key_condition_expression_unknown
        refused("Invalid KeyConditionExpression: Invalid function name; function: dog",
                () -> parse("pk = :p AND dog(sk, :s)", ":p", s("A"), ":s", n(1)));
        refused("Invalid KeyConditionExpression: Invalid function name; function: BEGINS_WITH",
                () -> parse("pk = :p AND BEGINS_WITH(sk, :s)", ":p", s("A"), ":s", s("x")));
    }

    @Test
    void syntaxErrorsNameTheKeyConditionParameter() { // Query.KeyConditionExpressions
        refused("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"",
                () -> parse("pk = ", ":p", s("A")));
    }
}
