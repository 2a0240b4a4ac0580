package dev.ddbstreams.dynamodb.expression;

import static dev.ddbstreams.dynamodb.expression.Fixtures.attrs;
import static dev.ddbstreams.dynamodb.expression.Fixtures.b;
import static dev.ddbstreams.dynamodb.expression.Fixtures.item;
import static dev.ddbstreams.dynamodb.expression.Fixtures.list;
import static dev.ddbstreams.dynamodb.expression.Fixtures.map;
import static dev.ddbstreams.dynamodb.expression.Fixtures.n;
import static dev.ddbstreams.dynamodb.expression.Fixtures.names;
import static dev.ddbstreams.dynamodb.expression.Fixtures.none;
import static dev.ddbstreams.dynamodb.expression.Fixtures.refused;
import static dev.ddbstreams.dynamodb.expression.Fixtures.s;
import static dev.ddbstreams.dynamodb.expression.Fixtures.ss;
import static dev.ddbstreams.dynamodb.expression.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks DynamoDB makes of an expression before using it, with its exact messages. Where the
 * developer guide gives the rule, the test names the page; the message comes from the source named on
 * the test (dynalite's test/scan.js and test/updateItem.js, ScyllaDB Alternator's tests, moto's aws_verified
 * tests, nubo-db/dynamodb-conformance), as {@link ExpressionErrors} records.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters">Expression parameters (limits)</a>
 */
class ExpressionValidationTest {

    private static void filter(String expression, ExpressionAttributes attributes) {
        Expressions.condition("FilterExpression", expression, attributes);
    }

    private static void filter(String expression, Object... placeholdersAndValues) {
        filter(expression, values(placeholdersAndValues));
    }

    private static void update(String expression, Object... placeholdersAndValues) {
        Expressions.update(expression, values(placeholdersAndValues));
    }

    // ------------------------------------------------------------ empty expressions

    @Test
    void emptyExpressionOfEachKind() { // dynalite test/query.js, test/scan.js; nubo-db
        refused("Invalid ConditionExpression: The expression can not be empty;",
                () -> Expressions.condition("ConditionExpression", "", none()));
        refused("Invalid FilterExpression: The expression can not be empty;", () -> filter(""));
        refused("Invalid UpdateExpression: The expression can not be empty;", () -> update(""));
        refused("Invalid ProjectionExpression: The expression can not be empty;",
                () -> Expressions.projection("", none()));
        refused("Invalid KeyConditionExpression: The expression can not be empty;",
                () -> Expressions.keyCondition("", none(), "pk", null));
    }

    // ------------------------------------------------------------ syntax errors

    @Test
    void syntaxErrorNamesTokenAndNeighbours() { // Alternator test_update_expression_name_token quotes this one
        refused("Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"",
                () -> update("SET _123 = :v", ":v", n(1)));
    }

    @Test
    void syntaxErrorAtFirstToken() { // nubo-db pins both
        refused("Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"",
                () -> update("INVALID SYNTAX"));
        refused("Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"",
                () -> Expressions.projection("!!", none()));
    }

    @Test
    void syntaxErrorAtEnd() { // Syntax error at <EOF>: near holds the last token and what follows it
        refused("Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"= \"", () -> filter("a = "));
        refused("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"", () -> update("SET"));
    }

    @Test
    void numberIsNotAnOperand() { // dynalite test/scan.js "a > 4"
        refused("Invalid FilterExpression: Syntax error; token: \"4\", near: \"> 4\"", () -> filter("a > 4"));
    }

    @Test
    void characterOutsideTheLanguage() { // dynalite test/scan.js: "Pictures-RearView", "ü > a"
        refused("Invalid FilterExpression: Syntax error; token: \"-\", near: \"Pictures-RearView\"",
                () -> filter("attribute_exists(Pictures-RearView)"));
        refused("Invalid FilterExpression: Syntax error; token: \"\u00fc\", near: \"\u00fc >\"", () -> filter("\u00fc > a"));
    }

    @Test
    void trailingCommaInIn() { // dynalite test/scan.js "a in (b,c,)"
        refused("Invalid FilterExpression: Syntax error; token: \")\", near: \",)\"", () -> filter("a in (b,c,)"));
    }

    @Test
    void keywordIsNotAName() { // dynalite conditionParser.pegjs: BETWEEN, IN, AND, OR, NOT are not identifiers
        refused("Invalid FilterExpression: Syntax error; token: \"between\", near: \"> between\"",
                () -> filter("a > between"));
    }

    @Test
    void onlyTwoOperandsForPlus() { // Alternator test_update_expression_plus_basic
        refused("Invalid UpdateExpression: Syntax error; token: \"+\", near: \":b + :c\"",
                () -> update("SET a = :a + :b + :c", ":a", n(1), ":b", n(2), ":c", n(3)));
    }

    @Test
    void valueCannotBeAssigned() { // Alternator test_update_expression_name_token: "SET :a = :b"
        refused("Invalid UpdateExpression: Syntax error; token: \":a\", near: \"SET :a =\"",
                () -> update("SET :a = :b", ":a", n(1), ":b", n(2)));
    }

    @Test
    void plusInsideFunctionArgument() { // Alternator test_update_expression_function_plus_nesting
        refused("Invalid UpdateExpression: Syntax error; token: \"+\", near: \":a+:b\"",
                () -> update("SET c = if_not_exists(c, :a+:b)", ":a", n(1), ":b", n(2)));
    }

    @Test
    void pathCannotFollowFunction() { // dynalite test/scan.js "size(a).b > a"
        refused("Invalid FilterExpression: Syntax error; token: \".\", near: \").b\"", () -> filter("size(a).b > a"));
    }

    @Test
    void indexMustBeDigits() { // dynalite test/scan.js "b[#_] > a", "asdf[a]"
        refused("Invalid FilterExpression: Syntax error; token: \"#_\", near: \"[#_]\"", () -> filter("b[#_] > a"));
        refused("Invalid FilterExpression: Syntax error; token: \"a\", near: \"[a]\"", () -> filter("attribute_exists(asdf[a])"));
    }

    @Test
    void syntaxErrorWinsOverEveryOtherError() { // dynalite: the parse fails before any other check
        refused("Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"AND\"", () -> filter("#x = :y AND"));
    }

    @Test
    void placeholderCannotStartAPath() { // dynalite test/scan.js "a > :things.stuff"
        refused("Invalid FilterExpression: Syntax error; token: \".\", near: \":things.stuff\"",
                () -> filter("a > :things.stuff", ":things", n(1)));
    }

    @Test
    void functionNameMustStartWithLetter() { // Alternator test_update_expression_unknown_function: "_f(...)"
        refused("Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _f\"", () -> update("SET a = _f(b)"));
    }

    // ------------------------------------------------------------ reserved words

    @Test
    void reservedWordList() { // ReservedWords.html lists 573 words
        assertEquals(573, ReservedWords.count());
        assertTrue(ReservedWords.isReserved("status"));
        assertTrue(ReservedWords.isReserved("Name"));
    }

    @Test
    void reservedWordInCondition() { // ReservedWords: "abOrT" named as written (dynalite test/scan.js)
        refused("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: abOrT",
                () -> filter(":a < abOrT", ":a", n(1)));
    }

    @Test
    void reservedWordInNestedPart() { // ReservedWords: every unquoted name in a path
        refused("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
                () -> Expressions.condition("ConditionExpression", "info.status = :v", values(":v", n(1))));
    }

    @Test
    void reservedWordInUpdateAndProjection() { // ReservedWords
        refused("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name",
                () -> update("SET name = :v", ":v", s("x")));
        refused("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size",
                () -> Expressions.projection("id, size", none()));
    }

    @Test
    void reservedWordWinsOverOperandCountAndUndefinedNames() { // dynalite test/scan.js "attribute_exists(views, #a)"
        refused("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: views",
                () -> filter("attribute_exists(views, #a)"));
    }

    @Test
    void andIsAReservedNameInUpdates() { // dynalite updateParser.pegjs: only SET/REMOVE/ADD/DELETE are keywords there
        refused("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: and",
                () -> update("SET and = :v", ":v", n(1)));
    }

    @Test
    void placeholderAvoidsReservedWord() { // Expressions.ExpressionAttributeNames: "#s" for status
        assertDoesNotThrow(() -> Expressions.update("SET #s = :v", attrs(names("#s", "status"), item(":v", n(1)))));
    }

    // ------------------------------------------------------------ placeholders

    @Test
    void undefinedName() { // Expressions.ExpressionAttributeNames; dynalite, moto, nubo-db
        refused("Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing",
                () -> filter("#missing = :v", ":v", n(1)));
    }

    @Test
    void undefinedValue() { // Expressions.ExpressionAttributeValues; nubo-db pins this one
        refused("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v",
                () -> update("SET a = :v"));
    }

    @Test
    void firstUndefinedPlaceholderIsNamedInConditions() { // dynalite test/scan.js "begins_with(:hello, #a, #b)"
        refused("Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :hello",
                () -> filter("begins_with(:hello, #a, #b)"));
    }

    @Test
    void undefinedNameWinsOverOperandCountAndDistinct() { // dynalite test/scan.js
        refused("Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #Pictures",
                () -> filter("attribute_exists(#Pictures.RearView, :a) and a=a", ":a", n(1)));
    }

    @Test
    void updateNamesNamesBeforeValues() { // dynalite updateParser.pegjs: attrName before attrVal
        refused("Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
                () -> update("SET a = :v REMOVE #b"));
    }

    @Test
    void undefinedNameInProjection() { // dynalite test/getItem.js
        refused("Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #a",
                () -> Expressions.projection("#a", none()));
    }

    @Test
    void unusedNamesAndValues() { // moto aws_verified test_get_item_unused_attribute_name; nubo-db
        ExpressionAttributes unusedName = attrs(names("#used", "a", "#unused", "b"), null);
        Expressions.projection("#used", unusedName);
        refused("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}", unusedName::checkAllUsed);

        ExpressionAttributes unusedValue = values(":used", n(1), ":unused", n(2));
        Expressions.condition("ConditionExpression", "a = :used", unusedValue);
        refused("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}", unusedValue::checkAllUsed);
    }

    @Test
    void unusedKeysAreAllNamedAndNamesComeFirst() { // dynalite validations/index.js
        ExpressionAttributes attributes = attrs(names("#a", "a", "#b", "b"), item(":x", n(1), ":y", n(2)));
        refused("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}", attributes::checkAllUsed);
    }

    @Test
    void placeholdersSharedAcrossExpressionsOfARequest() { // UpdateItem: one map serves every expression
        ExpressionAttributes attributes = attrs(names("#a", "a"), item(":v", n(1), ":c", n(0)));
        Expressions.update("SET #a = :v", attributes);
        Expressions.condition("ConditionExpression", "attribute_not_exists(#a) OR #a > :c", attributes);
        assertDoesNotThrow(attributes::checkAllUsed);
        assertDoesNotThrow(() -> ExpressionAttributes.of(null, null).checkAllUsed());
    }

    @Test
    void invalidPlaceholderKeys() { // dynalite test/scan.js
        refused("ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"",
                () -> ExpressionAttributes.of(names("a", "a"), null));
        refused("ExpressionAttributeValues contains invalid key: Syntax error; key: \"a\"",
                () -> ExpressionAttributes.of(null, item("a", s("b"))));
        refused("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"",
                () -> ExpressionAttributes.of(names("#a-b", "a"), null));
    }

    @Test
    void emptyMapsStandForNone() { // the request layer refuses present-but-empty maps; here empty means none
        ExpressionAttributes attributes = ExpressionAttributes.of(Map.of(), Map.of());
        refused("Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v",
                () -> filter("a = :v", attributes));
        assertDoesNotThrow(attributes::checkAllUsed);
    }

    @Test
    void functionsCountAsOperatorsInUpdates() { // "maximum number of operators or functions ... in an UpdateExpression is 300"
        StringBuilder expression = new StringBuilder("SET a0 = if_not_exists(b, :v)");
        for (int i = 1; i < 160; i++) {
            expression.append(",a").append(i).append("=:v+:v");
        }
        // 1 function and 159 "+" stay within 300; 150 more actions push the count past it.
        assertDoesNotThrow(() -> update(expression.toString(), ":v", n(1)));
        for (int i = 160; i < 310; i++) {
            expression.append(",a").append(i).append("=:v+:v");
        }
        refused("Invalid UpdateExpression: The expression contains too many operators; operator count: 301",
                () -> update(expression.toString(), ":v", n(1)));
    }

    @Test
    void emptyAndOversizedNames() { // Alternator test_limit_attribute_length_nonkey_empty and _bad (65536 bytes)
        refused("ExpressionAttributeNames contains invalid value: Empty attribute name for key #name",
                () -> ExpressionAttributes.of(names("#name", ""), null));
        refused("ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less than 65536 bytes for key #name",
                () -> ExpressionAttributes.of(names("#name", "x".repeat(65536)), null));
        assertDoesNotThrow(() -> ExpressionAttributes.of(names("#name", "x".repeat(65535)), null));
    }

    @Test
    void binaryBoundsPrintedInBase64() { // AttributeValue: B is base64 on the wire
        refused("Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {B:Ag==}, upper bound operand: AttributeValue: {B:AQ==}",
                () -> filter("a BETWEEN :lo AND :hi", ":lo", b(2), ":hi", b(1)));
    }

    @Test
    void placeholderMayStartWithDigitOrUnderscore() { // Alternator test_update_expression_name_token: #123, :_
        ExpressionAttributes attributes = attrs(names("#123", "x"), item(":_", n(1)));
        assertEquals(item("x", n(1)), Expressions.update("SET #123 = :_", attributes).apply(Map.of()));
    }

    // ------------------------------------------------------------ functions

    @Test
    void unknownFunction() { // Expressions.OperatorsAndFunctions; dynalite test/scan.js
        refused("Invalid FilterExpression: Invalid function name; function: whatever",
                () -> filter("a=a and whatever(:x) > a", ":x", n(1)));
        refused("Invalid FilterExpression: Invalid function name; function: attRIbute_exIsts",
                () -> filter("attRIbute_exIsts(a)"));
        refused("Invalid UpdateExpression: Invalid function name; function: f", () -> update("SET a = f(b, c, d)"));
    }

    @Test
    void conditionFunctionInUpdateIsUnknown() { // dynalite updateParser.pegjs knows if_not_exists and list_append only
        refused("Invalid UpdateExpression: Invalid function name; function: size", () -> update("SET a = size(b)"));
    }

    @Test
    void conditionFunctionUsedAsOperand() { // dynalite test/scan.js "misused functions"
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: attribute_not_exists",
                () -> filter("attribute_not_exists(things) > b"));
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: contains",
                () -> filter("size(contains(a, b)) > a"));
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: attribute_exists",
                () -> filter("a between b and attribute_exists(things)"));
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: attribute_exists",
                () -> filter("a in (b, attribute_exists(things))"));
    }

    @Test
    void misusedFunctionWinsOverUndefinedValue() { // dynalite test/scan.js "contains(:things, c) > b"
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: contains",
                () -> filter("contains(:things, c) > b"));
    }

    @Test
    void sizeAloneIsNotACondition() { // Alternator test_update_condition_size_alone quotes the message
        refused("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size",
                () -> Expressions.condition("ConditionExpression", "size(a)", none()));
    }

    @Test
    void updateFunctionsInCondition() { // Alternator test_update_condition_other_funcs: "not allowed"
        refused("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists",
                () -> Expressions.condition("ConditionExpression", "if_not_exists(a, b) = :v", values(":v", n(1))));
        refused("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: list_append",
                () -> filter("list_append(a, b) = :v", ":v", list()));
    }

    @Test
    void operandCounts() { // Expressions.OperatorsAndFunctions (function signatures); dynalite test/scan.js
        refused("Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2",
                () -> filter("attribute_exists(things, a)"));
        refused("Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1",
                () -> filter("begins_with(things)"));
        refused("Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2",
                () -> filter("size(things, a) > b"));
        refused("Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1",
                () -> update("SET a = if_not_exists(a)"));
    }

    @Test
    void functionsRequiringAPath() { // dynalite test/scan.js; Alternator test_update_expression_if_not_exists
        refused("Invalid FilterExpression: Operator or function requires a document path; operator or function: attribute_exists",
                () -> filter("attribute_exists(:a)", ":a", s("1")));
        refused("Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists",
                () -> update("SET b = if_not_exists(:a, :b)", ":a", n(1), ":b", n(2)));
    }

    @Test
    void operandTypesOfConditionFunctions() { // Expressions.OperatorsAndFunctions; dynalite test/scan.js
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N",
                () -> filter("attribute_type(a, :a)", ":a", n(1)));
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}",
                () -> filter("attribute_type(a, b)"));
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: SS",
                () -> filter("begins_with(a, :a)", ":a", ss("1")));
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
                () -> filter("begins_with(a, size(a))"));
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N",
                () -> filter("size(size(a)) > :a", ":a", n(1)));
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: BOOL",
                () -> filter("size(:a) > a", ":a", Fixtures.bool(true)));
    }

    @Test
    void innerSizeCheckedBeforeOuterPathCheck() { // dynalite test/scan.js "attribute_not_exists(size(:a))"
        refused("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N",
                () -> filter("attribute_not_exists(size(:a))", ":a", n(1)));
        refused("Invalid FilterExpression: Operator or function requires a document path; operator or function: attribute_not_exists",
                () -> filter("attribute_not_exists(size(:a))", ":a", s("1")));
    }

    @Test
    void invalidAttributeTypeName() { // Functions: attribute_type; dynalite test/scan.js
        refused("Invalid FilterExpression: Invalid attribute type name found; type: 1, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
                () -> filter("attribute_type(a, :a)", ":a", s("1")));
    }

    @Test
    void sameOperandTwice() { // dynalite test/scan.js "non-distinct expressions"
        refused("Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
                () -> filter("a = a"));
        refused("Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a]",
                () -> filter("#a <> a", attrs(names("#a", "a"), null)));
        refused("Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [ab, bc, [1], a]",
                () -> filter("contains(ab.bc[1].a, ab.bc[1].#a)", attrs(names("#a", "a"), null)));
        assertDoesNotThrow(() -> filter(":a > :a", ":a", n(1)));
    }

    @Test
    void betweenBoundsInOrder() { // Comparators: BETWEEN; dynalite conditionParser.pegjs
        refused("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:5}",
                () -> Expressions.condition("ConditionExpression", "a BETWEEN :lo AND :hi", values(":lo", n(10), ":hi", n(5))));
    }

    @Test
    void betweenBoundsOfOneType() { // dynalite conditionParser.pegjs and test/query.js
        refused("Invalid FilterExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
                () -> filter("a BETWEEN :lo AND :hi", ":lo", n(1), ":hi", s("a")));
    }

    // ------------------------------------------------------------ parentheses

    @Test
    void redundantParentheses() { // dynalite test/scan.js; Alternator test_redundant_parentheses
        String message = "Invalid FilterExpression: The expression has redundant parentheses;";
        refused(message, () -> filter("((a = :v))", ":v", n(1)));
        refused(message, () -> filter("a=a AND ((a=a AND a=a)) AND a=a"));
        refused(message, () -> filter("a=a and a > ((views))"));
        refused(message, () -> filter("(a)between(((b.c)).d)and(c)"));
    }

    @Test
    void usefulParenthesesAreAccepted() { // Precedence: parentheses; dynalite conditionParser.pegjs (OperandParens)
        Map<String, AttributeValue> item = item("a", n(1), "b", map("c", n(2)), "d", s("x"));
        assertTrue(Expressions.condition("FilterExpression", "((a = :one) AND b.c = :two)", values(":one", n(1), ":two", n(2))).test(item));
        assertTrue(Expressions.condition("FilterExpression", "(a) = :one", values(":one", n(1))).test(item));
        assertTrue(Expressions.condition("FilterExpression", "(b).c = :two", values(":two", n(2))).test(item));
        assertTrue(Expressions.condition("FilterExpression", "(size(d)) = :one", values(":one", n(1))).test(item));
        assertTrue(Expressions.condition("FilterExpression", "NOT (a) = :two", values(":two", n(2))).test(item));
    }

    @Test
    void parenthesesInUpdateValues() { // dynalite updateParser.pegjs (SetValueParens, OperandParens)
        Map<String, AttributeValue> result = Expressions.update("SET a = (:x + :y), b = (:x) - :y",
                values(":x", n(5), ":y", n(2))).apply(Map.of());
        assertEquals(item("a", n(7), "b", n(3)), result);
    }

    // ------------------------------------------------------------ update-specific checks

    @Test
    void clauseOnlyOnce() { // UpdateExpressions; dynalite updateParser.pegjs, moto
        refused("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
                () -> update("SET a = :v REMOVE c SET b = :v", ":v", n(1)));
    }

    @Test
    void sectionErrorWinsOverOverlap() { // dynalite updateParser.pegjs error order
        refused("Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;",
                () -> update("REMOVE a REMOVE a"));
    }

    @Test
    void overlappingPaths() { // Alternator quotes "path one: [a], path two: [a]"; dynalite
        refused("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
                () -> update("SET a = :v REMOVE a", ":v", n(1)));
        refused("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
                () -> update("SET a = :v, a.b = :v", ":v", n(1)));
        refused("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1], [1]], path two: [a, [1]]",
                () -> update("SET a[1][1] = :v, a[1] = :v", ":v", n(1)));
    }

    @Test
    void overlapAfterPlaceholdersAreResolved() { // Alternator test_update_expression_multi_overlap: #a1 and #a2 both "a"
        refused("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
                () -> Expressions.update("SET #a1 = :v, #a2 = :v", attrs(names("#a1", "a", "#a2", "a"), item(":v", n(1)))));
    }

    @Test
    void conflictingPaths() { // Alternator test_update_expression_multi_conflict_nested; dynalite
        refused("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]",
                () -> update("SET a.b = :v, a[1] = :v", ":v", n(1)));
        refused("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b, c], path two: [a, b, [2]]",
                () -> update("SET a.b.c = :v, a.b[2] = :v", ":v", n(1)));
    }

    @Test
    void updateErrorsInDynamoDbsOrder() { // dynalite test/updateItem.js (exact messages)
        ExpressionAttributes names = attrs(names("#c", "c", "#d", "[3]"), null);
        // overlap wins over an earlier conflict (d[1] / d.b) and over the operand count of if_not_exists
        refused("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]",
                () -> Expressions.update("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", names));
        // a map key named "[3]" conflicts with the index [3]
        refused("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]",
                () -> Expressions.update("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", attrs(names("#c", "c", "#d", "[3]"), null)));
        refused("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt",
                () -> Expressions.update(" set #c = :c set abOrt = true ", attrs(names("#c", "c"), item(":c", n(1)))));
        refused("Invalid UpdateExpression: Invalid function name; function: if_not_exist",
                () -> Expressions.update("set #c = if_not_exist(:c) set c = d", attrs(names("#c", "c"), item(":c", n(1)))));
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
                () -> update("set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", ":a", s("a")));
    }

    @Test
    void updateSyntaxErrorsFromDynalite() { // dynalite test/updateItem.js "syntax errors in UpdateExpression"
        for (String expression : new String[] {"whatever", "set a", "add a", "set a=set", "remove a = b", "delete a b",
                "add abort b", "remove a b", "set a b", "add :a b", "remove :a", "set a = b / c", "set a = b * c",
                "set a[1] = \"eight\"", "set a[1] = 1", "SET if_not_exist(a, b) = a", "set (a = (b + c))",
                "set a = (b.c).d + e", "set a = (b.c)[0] + e", "set a = b + c + d"}) {
            ValidationExceptionAssert.startsWith("Invalid UpdateExpression: Syntax error; ", () -> update(expression));
        }
    }

    @Test
    void filterSyntaxErrorsFromDynalite() { // dynalite test/scan.js "syntax errors"
        for (String expression : new String[] {"things are not gonna be ok", "attribute_exists(\"Pictures.RearView\")",
                "attribute_exists(Pictures..RearView)", "attribute_exists(Pi#ctures.RearView)", "a in b, c", "a in b",
                "(a)between(b.(c.d))and(c)", "(a)between(b.c.d)and((c)", "#$.b > a", "b[:a] > a",
                "(a)between(b.c[4.5].#d)and(:a)", "(size(a)).b > a", "size(a)[0] > a", "(size(a))[0] > a"}) {
            ValidationExceptionAssert.startsWith("Invalid FilterExpression: Syntax error; ", () -> filter(expression));
        }
    }

    @Test
    void nonOverlappingNestedPathsAreAccepted() { // Alternator test_update_expression_multi_nested
        Map<String, AttributeValue> item = item("a", map("x", n(3), "y", n(4), "c", map("y", n(3))), "b", map("x", n(1), "y", n(2)));
        Map<String, AttributeValue> result = Expressions.update("SET a.b = :v1, a.c.d = :v2, b.x = :v3 REMOVE a.x, b.y",
                values(":v1", n(10), ":v2", s("dog"), ":v3", n(17))).apply(item);
        assertEquals(item("a", map("y", n(4), "c", map("y", n(3), "d", s("dog")), "b", n(10)), "b", map("x", n(17))), result);
    }

    @Test
    void addAndDeleteOperandTypes() { // UpdateExpressions ADD/DELETE; Alternator quotes "operator: ADD, operand type: STRING"
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
                () -> update("ADD a :v", ":v", s("hello")));
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST",
                () -> update("ADD a :v", ":v", list(n(3))));
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER",
                () -> update("DELETE a :v", ":v", n(1)));
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: MAP",
                () -> update("DELETE a :v", ":v", map()));
    }

    @Test
    void addNeedsAValuePlaceholder() { // UpdateExpressions ADD: "ADD path value" where value is :placeholder
        refused("Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"", () -> update("ADD a b"));
    }

    @Test
    void arithmeticOperandTypes() { // Alternator quotes "operator or function: +, operand type: S"
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S",
                () -> update("SET b = :a + :b", ":a", s("dog"), ":b", n(3)));
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L",
                () -> update("SET b = a - :b", ":b", list()));
    }

    @Test
    void listAppendOperandTypes() { // Alternator quotes "operator or function: list_append, operand type: S"
        refused("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S",
                () -> update("SET a = list_append(:a, :b)", ":a", s("x"), ":b", list()));
    }

    @Test
    void nestedListAppendIsRefused() { // Alternator test_update_expression_function_nesting quotes the message
        refused("Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append",
                () -> update("SET a = list_append(list_append(:a, :b), :c)", ":a", list(), ":b", list(), ":c", list()));
    }

    @Test
    void functionsNestInUpdates() { // UpdateExpressions SET: list_append(if_not_exists(...), ...), if_not_exists in if_not_exists
        Map<String, AttributeValue> result = Expressions.update(
                "SET a = list_append(if_not_exists(a, :empty), :v), b = if_not_exists(b, if_not_exists(c, :z))",
                values(":empty", list(), ":v", list(n(1)), ":z", n(0))).apply(Map.of());
        assertEquals(item("a", list(n(1)), "b", n(0)), result);
    }

    // ------------------------------------------------------------ projection checks

    @Test
    void projectionOverlapAndConflict() { // ProjectionExpressions; moto TestDuplicateProjectionExpressions (aws_verified)
        refused("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [subject], path two: [subject]",
                () -> Expressions.projection("#rl, #rt, subject, subject", attrs(names("#rl", "body", "#rt", "attachment"), null)));
        refused("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
                () -> Expressions.projection("a, a.b", none()));
        refused("Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]",
                () -> Expressions.projection("a.b, a[0]", none()));
    }

    // ------------------------------------------------------------ limits (ServiceQuotas, Expression parameters)

    @Test
    void expressionUpTo4KbIsAccepted() { // "The maximum length of any expression string is 4 KB"
        String expression = "a" + ".b".repeat(15) + " = :v" + " ".repeat(4096 - 36);
        assertEquals(4096, expression.length());
        assertDoesNotThrow(() -> filter(expression, ":v", n(1)));
    }

    @Test
    void expressionOver4KbIsRefused() { // Alternator test_limit_expression_len quotes the message
        String expression = "a = :v" + " ".repeat(4091);
        refused("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
                () -> filter(expression, ":v", n(1)));
    }

    @Test
    void expressionSizeCountsUtf8Bytes() { // 4 KB of bytes: each "é" is two bytes in UTF-8
        String expression = "a = :v" + "\u00e9".repeat(2046);
        refused("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4098",
                () -> filter(expression, ":v", n(1)));
    }

    @Test
    void sizeCheckedBeforeSyntax() { // Alternator test_limit_expression_len_crash3: size is checked first
        String expression = "(".repeat(20000) + "a<b";
        refused("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 20003",
                () -> filter(expression));
    }

    @Test
    void threeHundredOperatorsAreAccepted() { // "maximum number of operators or functions ... is 300"
        String expression = "a < b" + " OR a < b".repeat(149); // 150 comparators + 149 ORs = 299 operators
        assertDoesNotThrow(() -> filter(expression));
    }

    @Test
    void tooManyOperators() { // Alternator test_deeply_nested_expression_2 quotes "operator count: 301"
        String expression = "a < b" + " OR a < b".repeat(200);
        refused("Invalid FilterExpression: The expression contains too many operators; operator count: 301",
                () -> filter(expression));
    }

    @Test
    void tooManyNots() { // Alternator test_deeply_nested_expression_3: 1000 NOTs exceed the operator limit
        refused("Invalid FilterExpression: The expression contains too many operators; operator count: 301",
                () -> filter("NOT ".repeat(1000) + "a < b"));
    }

    @Test
    void inTakesAtMostOneHundredOperands() { // "The maximum number of operands for the IN comparator is 100"
        StringBuilder hundred = new StringBuilder("a IN (:v");
        hundred.append(", :v".repeat(99)).append(")");
        assertDoesNotThrow(() -> filter(hundred.toString(), ":v", n(1)));
        String hundredAndOne = "a IN (:v" + ", :v".repeat(100) + ")";
        refused("Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101",
                () -> filter(hundredAndOne, ":v", n(1)));
    }

    @Test
    void thirtyTwoNestingLevels() { // "maximum depth for document paths is 32"; Alternator quotes "nesting levels: 33"
        assertDoesNotThrow(() -> Expressions.projection("a" + ".b".repeat(31), none()));
        refused("Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33",
                () -> Expressions.projection("a" + ".b".repeat(32), none()));
        refused("Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33",
                () -> update("SET a" + "[0]".repeat(32) + " = :v", ":v", n(1)));
    }

    @Test
    void deepRedundantParenthesesStayCheap() { // deep nesting ends cleanly (Alternator test_deeply_nested_expression_1)
        refused("Invalid FilterExpression: The expression has redundant parentheses;",
                () -> filter("(".repeat(1000) + "a<b" + ")".repeat(1000)));
    }

    @Test
    void binaryPrefixInBeginsWith() { // Functions: begins_with(path, substr) accepts B values
        assertTrue(Expressions.condition("FilterExpression", "begins_with(a, :p)", values(":p", b(1)))
                .test(item("a", b(1, 2))));
    }
}
