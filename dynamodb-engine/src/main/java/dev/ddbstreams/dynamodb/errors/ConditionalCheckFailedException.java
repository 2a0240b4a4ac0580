package dev.ddbstreams.dynamodb.errors;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import java.util.Optional;

/**
 * A ConditionExpression evaluated to false. Carries the item as it was when the request asked for it with
 * {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors">PutItem errors</a>
 */
public final class ConditionalCheckFailedException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    /** AWS's message, word for word. */
    public static final String MESSAGE = "The conditional request failed";

    private final transient Map<String, AttributeValue> item;

    public ConditionalCheckFailedException(Map<String, AttributeValue> item) {
        super("ConditionalCheckFailedException", 400, MESSAGE);
        this.item = item;
    }

    /** The item, present only when ReturnValuesOnConditionCheckFailure was ALL_OLD and an item existed. */
    public Optional<Map<String, AttributeValue>> item() {
        return Optional.ofNullable(item);
    }
}
