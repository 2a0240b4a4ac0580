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
 * <p>Sources, read through the search tool (behaviour learnt, no code taken):
 * <ul>
 * <li>dynalite (mhart/dynalite): its parsers db/*.pegjs and its tests test/scan.js, test/query.js,
 *     test/updateItem.js assert DynamoDB's exact messages, checked against DynamoDB by its author;</li>
 * <li>ScyllaDB Alternator's test/alternator/*.py, run against DynamoDB, quoting its messages;</li>
 * <li>moto's DynamoDB tests (tests marked aws_verified) and moto/dynamodb/exceptions.py;</li>
 * <li>nubo-db/dynamodb-conformance, whose tests pin messages "against real AWS" (2026).</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 */
final class ExpressionErrors {

    private ExpressionErrors() {
    }

    static ValidationException invalid(String kind, String detail) {
        return new ValidationException("Invalid " + kind + ": " + detail);
    }

    /**
     * dynalite and moto; Alternator quotes {@code token: "_", near: "SET _123"}; nubo-db's conformance tests
     * pin {@code Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"}.
     */
    static ValidationException syntax(String kind, String token, String near) {
        return invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    /** dynalite, moto and nubo-db: "Invalid FilterExpression: The expression can not be empty;". */
    static ValidationException empty(String kind) {
        return invalid(kind, "The expression can not be empty;");
    }

    /** dynalite test/scan.js ("reserved keyword: abOrT", as written). */
    static ValidationException reservedWord(String kind, String word) {
        return invalid(kind, "Attribute name is a reserved keyword; reserved keyword: " + word);
    }

    /** dynalite, moto, nubo-db. */
    static ValidationException undefinedName(String kind, String name) {
        return invalid(kind, "An expression attribute name used in the document path is not defined; attribute name: "
                + name);
    }

    /** dynalite, moto, nubo-db. */
    static ValidationException undefinedValue(String kind, String value) {
        return invalid(kind, "An expression attribute value used in expression is not defined; attribute value: "
                + value);
    }

    /** moto (aws_verified test_get_item_unused_attribute_name), dynalite, nubo-db. */
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
     * The IN comparator takes at most 100 operands (ServiceQuotas, "Expression parameters"). AWS's wording is
     * not recorded in any source we could read; this follows the pattern of its other limit messages.
     */
    static ValidationException tooManyInOperands(String kind, int count) {
        return invalid(kind, "The IN operator is provided with too many operands; number of operands: " + count);
    }

    /** dynalite test/scan.js; Alternator test_redundant_parentheses. */
    static ValidationException redundantParentheses(String kind) {
        return invalid(kind, "The expression has redundant parentheses;");
    }

    /** dynalite test/scan.js ("function: attRIbute_exIsts": names are case-sensitive); moto. */
    static ValidationException unknownFunction(String kind, String function) {
        return invalid(kind, "Invalid function name; function: " + function);
    }

    /** dynalite test/scan.js; Alternator quotes it for size() alone and for if_not_exists() in a condition. */
    static ValidationException functionMisused(String kind, String function) {
        return invalid(kind, "The function is not allowed to be used this way in an expression; function: " + function);
    }

    /** dynalite test/scan.js and updateParser.pegjs. */
    static ValidationException operandCount(String kind, String function, int count) {
        return invalid(kind, "Incorrect number of operands for operator or function; operator or function: " + function
                + ", number of operands: " + count);
    }

    /** dynalite test/scan.js; Alternator quotes "...; operator or function: list_append, operand type: S". */
    static ValidationException operandType(String kind, String function, String type) {
        return invalid(kind, "Incorrect operand type for operator or function; operator or function: " + function
                + ", operand type: " + type);
    }

    /** dynalite updateParser.pegjs; Alternator quotes "...; operator: ADD, operand type: STRING" (and DELETE). */
    static ValidationException actionOperandType(String action, AttributeValue value) {
        return invalid("UpdateExpression", "Incorrect operand type for operator or function; operator: " + action
                + ", operand type: " + Values.longTypeName(value));
    }

    /** dynalite test/scan.js; Alternator quotes it for if_not_exists(:v, ...). */
    static ValidationException requiresPath(String kind, String function) {
        return invalid(kind, "Operator or function requires a document path; operator or function: " + function);
    }

    /** dynalite test/scan.js ("operator: contains, first operand: [ab, bc, [1], a]"). */
    static ValidationException sameOperand(String kind, String operator, DocumentPath path) {
        return invalid(kind, "The first operand must be distinct from the remaining operands for this operator or "
                + "function; operator: " + operator + ", first operand: " + path.describe());
    }

    /** dynalite conditionParser.pegjs and test/query.js. */
    static ValidationException betweenBounds(String kind, AttributeValue lower, AttributeValue upper) {
        return invalid(kind, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                + "lower bound operand: AttributeValue: {" + Values.describe(lower) + "}, upper bound operand: "
                + "AttributeValue: {" + Values.describe(upper) + "}");
    }

    /** dynalite conditionParser.pegjs and test/query.js. */
    static ValidationException betweenTypes(String kind, AttributeValue lower, AttributeValue upper) {
        return invalid(kind, "The BETWEEN operator requires same data type for lower and upper bounds; "
                + "lower bound operand: AttributeValue: {" + Values.describe(lower) + "}, upper bound operand: "
                + "AttributeValue: {" + Values.describe(upper) + "}");
    }

    /** dynalite test/scan.js (the list of valid types, without spaces). */
    static ValidationException invalidTypeName(String kind, String type) {
        return invalid(kind, "Invalid attribute type name found; type: " + type
                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }

    /** dynalite updateParser.pegjs and projectionParser.pegjs; Alternator quotes "path one: [a], path two: [a]". */
    static ValidationException overlap(String kind, DocumentPath one, DocumentPath two) {
        return invalid(kind, "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                + "path one: " + one.describe() + ", path two: " + two.describe());
    }

    /** dynalite updateParser.pegjs; Alternator test_update_expression_multi_conflict_nested. */
    static ValidationException conflict(String kind, DocumentPath one, DocumentPath two) {
        return invalid(kind, "Two document paths conflict with each other; must remove or rewrite one of these paths; "
                + "path one: " + one.describe() + ", path two: " + two.describe());
    }

    /** dynalite updateParser.pegjs; moto TooManyClauses. */
    static ValidationException clauseRepeated(String clause) {
        return invalid("UpdateExpression", "The \"" + clause + "\" section can only be used once in an update expression;");
    }

    /** moto IncorrectDataType; Alternator test_update_expression_add_numbers. */
    static ValidationException incorrectDataType() {
        return new ValidationException("An operand in the update expression has an incorrect data type");
    }

    /** Alternator test_nested_attribute_update_bad_path_dot quotes it; moto. */
    static ValidationException invalidDocumentPath() {
        return new ValidationException("The document path provided in the update expression is invalid for update");
    }

    /** Alternator test_update_expression_list_append_non_list_arguments quotes it; moto. */
    static ValidationException missingAttribute() {
        return new ValidationException("The provided expression refers to an attribute that does not exist in the item");
    }
}
