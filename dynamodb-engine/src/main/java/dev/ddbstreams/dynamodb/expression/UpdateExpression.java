package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import java.util.Set;

/**
 * A parsed update expression (SET, REMOVE, ADD, DELETE clauses).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
public interface UpdateExpression {

    /**
     * Applies the update to a copy of {@code item} (an empty map when the item does not exist yet) and
     * returns the new item; {@code item} is left unchanged.
     *
     * @throws dev.ddbstreams.dynamodb.errors.ValidationException for an operand of the wrong type, a path
     *         that does not resolve, and the other evaluation errors AWS reports
     */
    Map<String, AttributeValue> apply(Map<String, AttributeValue> item);

    /**
     * Applies the update to an item that does not exist yet, made of its key attributes alone. It differs
     * from {@link #apply} in one way DynamoDB shows: REMOVE of a nested path ({@code REMOVE x.y}) is
     * ignored when there is no item, where an existing item without {@code x} refuses it (ScyllaDB
     * Alternator's test_nested_attribute_remove_from_missing_item and test_nested_attribute_update_bad_path_dot).
     *
     * @param key the new item's key attributes
     */
    Map<String, AttributeValue> applyToAbsentItem(Map<String, AttributeValue> key);

    /** The top-level attribute names the update writes or removes (to refuse changes to key attributes). */
    Set<String> topLevelAttributes();
}
