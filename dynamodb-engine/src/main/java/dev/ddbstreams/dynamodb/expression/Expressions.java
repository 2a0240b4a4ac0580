package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;

/**
 * Parses DynamoDB expressions. Every method throws
 * {@link dev.ddbstreams.dynamodb.errors.ValidationException} with AWS's message for a syntax error
 * ("Invalid ConditionExpression: Syntax error; token: ..."), a reserved word used as a name, an undefined
 * placeholder, and the other rules AWS checks at parse time.
 */
public final class Expressions {

    private Expressions() {
    }

    static ExpressionAttributes attributes(Map<String, String> names, Map<String, AttributeValue> values) {
        throw new UnsupportedOperationException("being written: expression helper");
    }

    /** {@code kind} names the request parameter in error messages: ConditionExpression or FilterExpression. */
    public static ConditionExpression condition(String kind, String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException("being written: expression helper");
    }

    public static UpdateExpression update(String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException("being written: expression helper");
    }

    public static ProjectionExpression projection(String text, ExpressionAttributes attributes) {
        throw new UnsupportedOperationException("being written: expression helper");
    }

    /** {@code sortKeyName} is null for a table or index without a sort key. */
    public static KeyCondition keyCondition(String text, ExpressionAttributes attributes, String partitionKeyName,
            String sortKeyName) {
        throw new UnsupportedOperationException("being written: expression helper");
    }
}
