package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;

/**
 * Parses DynamoDB expressions. Every method throws
 * {@link dev.ddbstreams.dynamodb.errors.ValidationException} with AWS's message for a syntax error
 * ("Invalid ConditionExpression: Syntax error; token: ..."), a reserved word used as a name, an undefined
 * placeholder, and the other rules AWS checks at parse time. Each parse marks the placeholders it uses
 * in {@code attributes}; call {@link ExpressionAttributes#checkAllUsed()} once all of a request's
 * expressions are parsed.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 */
public final class Expressions {

    private Expressions() {
    }

    static ExpressionAttributes attributes(Map<String, String> names, Map<String, AttributeValue> values) {
        return new RequestAttributes(names, values);
    }

    /** {@code kind} names the request parameter in error messages: ConditionExpression or FilterExpression. */
    public static ConditionExpression condition(String kind, String text, ExpressionAttributes attributes) {
        return new ExpressionParser(kind, text, request(attributes)).parseCondition();
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a> */
    public static UpdateExpression update(String text, ExpressionAttributes attributes) {
        return new ExpressionParser("UpdateExpression", text, request(attributes)).parseUpdate();
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html">Projection expressions</a> */
    public static ProjectionExpression projection(String text, ExpressionAttributes attributes) {
        return new PathProjection(new ExpressionParser("ProjectionExpression", text, request(attributes))
                .parseProjection());
    }

    /**
     * {@code sortKeyName} is null for a table or index without a sort key.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
     */
    public static KeyCondition keyCondition(String text, ExpressionAttributes attributes, String partitionKeyName,
            String sortKeyName) {
        return keyCondition(text, attributes, partitionKeyName, null, sortKeyName, null);
    }

    /**
     * As {@link #keyCondition(String, ExpressionAttributes, String, String)}, also checking each key value
     * against its key's type (S, N or B; null skips the check) where DynamoDB does, between the other key
     * schema checks: "One or more parameter values were invalid: Condition parameter type does not match
     * schema type".
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
     */
    public static KeyCondition keyCondition(String text, ExpressionAttributes attributes, String partitionKeyName,
            String partitionKeyType, String sortKeyName, String sortKeyType) {
        Condition condition = new ExpressionParser("KeyConditionExpression", text, request(attributes))
                .parseCondition();
        return KeyConditions.from(condition, partitionKeyName, partitionKeyType, sortKeyName, sortKeyType);
    }

    private static RequestAttributes request(ExpressionAttributes attributes) {
        if (attributes instanceof RequestAttributes request) {
            return request;
        }
        throw new IllegalArgumentException("ExpressionAttributes must come from ExpressionAttributes.of");
    }
}
