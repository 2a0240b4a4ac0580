package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request, shared by all
 * of that request's expressions, recording which placeholders were used so that
 * {@link #checkAllUsed()} can refuse unused ones as AWS does.
 *
 * <p>Contract (implemented in this package): constructed with the request's maps (either may be null when
 * the request has none); every parse in {@link Expressions} marks what it resolves.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html">Expression attribute names</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html">Expression attribute values</a>
 */
public interface ExpressionAttributes {

    /**
     * @param names the request's ExpressionAttributeNames, null or empty when the request has none (the
     *        request layer refuses a present but empty map)
     * @param values the request's ExpressionAttributeValues, null or empty when the request has none
     * @throws dev.ddbstreams.dynamodb.errors.ValidationException for a key that is not a placeholder
     *         ("ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\""), or an empty or
     *         oversized name
     */
    static ExpressionAttributes of(Map<String, String> names, Map<String, AttributeValue> values) {
        return Expressions.attributes(names, values);
    }

    /**
     * @throws dev.ddbstreams.dynamodb.errors.ValidationException naming the unused placeholders as AWS
     *         does ("Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}")
     */
    void checkAllUsed();
}
