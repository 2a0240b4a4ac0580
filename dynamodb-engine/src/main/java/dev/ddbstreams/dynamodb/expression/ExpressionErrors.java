package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Collection;

/**
 * Every message DynamoDB answers for an invalid expression, in one place. Messages are AWS's word for
 * word where known; each says where it was learnt. Most are prefixed with {@code Invalid <kind>: } where
 * kind names the request parameter (ConditionExpression, FilterExpression, KeyConditionExpression,
 * ProjectionExpression or UpdateExpression).
 *
 * <p>Sources: ScyllaDB's Alternator test suite (test/alternator/*.py, run against real DynamoDB, quotes
 * DynamoDB's messages in comments) and moto's DynamoDB tests and exceptions (moto/dynamodb/exceptions.py,
 * tests marked aws_verified), both read through the search tool; the developer guide for the rules.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 */
final class ExpressionErrors {

    private ExpressionErrors() {
    }

    static ValidationException invalid(String kind, String detail) {
        return new ValidationException("Invalid " + kind + ": " + detail);
    }

    /** moto InvalidTokenException; Alternator test_update_expression.py quotes {@code token: "_", near: "SET _123"}. */
    static ValidationException syntax(String kind, String token, String near) {
        return invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    /** moto tests: "Invalid FilterExpression: The expression can not be empty;". */
    static ValidationException empty(String kind) {
        return invalid(kind, "The expression can not be empty;");
    }

    /** moto AttributeIsReservedKeyword. */
    static ValidationException reservedWord(String kind, String word) {
        return invalid(kind, "Attribute name is a reserved keyword; reserved keyword: " + word);
    }

    /** moto ExpressionAttributeNameNotDefined. */
    static ValidationException undefinedName(String kind, String name) {
        return invalid(kind, "An expression attribute name used in the document path is not defined; attribute name: "
                + name);
    }

    /** moto ExpressionAttributeValueNotDefined. */
    static ValidationException undefinedValue(String kind, String value) {
        return invalid(kind, "An expression attribute value used in expression is not defined; attribute value: "
                + value);
    }

    /** moto responses.py and test_dynamodb_exceptions.py ("... unused in expressions: keys: {#count}"). */
    static ValidationException unused(String parameter, Collection<String> keys) {
        return new ValidationException("Value provided in " + parameter + " unused in expressions: keys: {"
                + String.join(", ", keys) + "}");
    }

    /** Alternator test_limits.py quotes "Expression size has exceeded the maximum allowed size; expression size: 200004". */
    static ValidationException tooLong(String kind, int size) {
        return invalid(kind, "Expression size has exceeded the maximum allowed size; expression size: " + size);
    }

    /** Alternator test_limits.py quotes "The expression contains too many operators; operator count: 301". */
    static ValidationException tooManyOperators(String kind, int count) {
        return invalid(kind, "The expression contains too many operators; operator count: " + count);
    }

    /** Alternator test_projection_expression.py quotes "The document path has too many nesting levels; nesting levels: 33". */
    static ValidationException tooDeep(String kind, int levels) {
        return invalid(kind, "The document path has too many nesting levels; nesting levels: " + levels);
    }

    /**
     * The IN comparator takes at most 100 operands (ServiceQuotas "Expression parameters"); the wording is
     * DynamoDB's pattern for limits ("...; number of operands: N"), not a recorded answer.
     */
    static ValidationException tooManyInOperands(String kind, int count) {
        return invalid(kind, "The IN operator is provided with too many operands; number of operands: " + count);
    }

    /** Alternator test_condition_expression.py quotes "The expression has redundant parentheses;". */
    static ValidationException redundantParentheses(String kind) {
        return invalid(kind, "The expression has redundant parentheses;");
    }

    /** moto test_key_condition_expression_parser.py: "Invalid function name; function: BegIns_WiTh". */
    static ValidationException unknownFunction(String kind, String function) {
        return invalid(kind, "Invalid function name; function: " + function);
    }

    /** Alternator test_condition_expression.py quotes "The function is not allowed to be used this way in an expression; function: size". */
    static ValidationException functionMisused(String kind, String function) {
        return invalid(kind, "The function is not allowed to be used this way in an expression; function: " + function);
    }

    /** A condition function (attribute_exists, size, ...) inside an update expression. */
    static ValidationException functionNotInUpdate(String function) {
        return invalid("UpdateExpression", "The function is not allowed in an update expression; function: " + function);
    }

    static ValidationException operandCount(String kind, String function, int count) {
        return invalid(kind, "Incorrect number of operands for operator or function; operator or function: " + function
                + ", number of operands: " + count);
    }

    /** Alternator test_update_expression.py quotes "...; operator or function: list_append, operand type: S". */
    static ValidationException operandType(String kind, String function, String type) {
        return invalid(kind, "Incorrect operand type for operator or function; operator or function: " + function
                + ", operand type: " + type);
    }

    /** Alternator test_update_expression.py quotes "...; operator: ADD, operand type: STRING" (and DELETE). */
    static ValidationException actionOperandType(String action, AttributeValue value) {
        return invalid("UpdateExpression", "Incorrect operand type for operator or function; operator: " + action
                + ", operand type: " + Values.longTypeName(value));
    }

    static ValidationException requiresPath(String kind, String function) {
        return invalid(kind, "Operator or function requires a document path; operator or function: " + function);
    }

    /** Alternator test_condition_expression.py (contains(a, a) refused). */
    static ValidationException sameOperand(String kind, String operator, DocumentPath path) {
        return invalid(kind, "The first operand must be distinct from the remaining operands for this operator or "
                + "function; operator: " + operator + ", first operand: " + path.describe());
    }

    static ValidationException betweenBounds(String kind, AttributeValue lower, AttributeValue upper) {
        return invalid(kind, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                + "lower bound operand: AttributeValue: {" + Values.describe(lower) + "}, upper bound operand: "
                + "AttributeValue: {" + Values.describe(upper) + "}");
    }

    static ValidationException invalidTypeName(String kind, String type) {
        return invalid(kind, "Invalid attribute type name found; type: " + type
                + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
    }

    /** moto DuplicateUpdateExpression and InvalidProjectionExpression. */
    static ValidationException overlap(String kind, DocumentPath one, DocumentPath two) {
        return invalid(kind, "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                + "path one: " + one.describe() + ", path two: " + two.describe());
    }

    /** Alternator test_update_expression.py (a[0] and a.b refused as "conflict"). */
    static ValidationException conflict(String kind, DocumentPath one, DocumentPath two) {
        return invalid(kind, "Two document paths conflict with each other; must remove or rewrite one of these paths; "
                + "path one: " + one.describe() + ", path two: " + two.describe());
    }

    /** moto TooManyClauses. */
    static ValidationException clauseRepeated(String clause) {
        return invalid("UpdateExpression", "The \"" + clause + "\" section can only be used once in an update expression;");
    }

    /** moto IncorrectDataType; Alternator test_update_expression.py. */
    static ValidationException incorrectDataType() {
        return new ValidationException("An operand in the update expression has an incorrect data type");
    }

    /** moto InvalidUpdateExpressionInvalidDocumentPath. */
    static ValidationException invalidDocumentPath() {
        return new ValidationException("The document path provided in the update expression is invalid for update");
    }

    /** moto AttributeDoesNotExist. */
    static ValidationException missingAttribute() {
        return new ValidationException("The provided expression refers to an attribute that does not exist in the item");
    }
}
