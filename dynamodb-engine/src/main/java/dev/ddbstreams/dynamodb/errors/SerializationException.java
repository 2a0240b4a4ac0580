package dev.ddbstreams.dynamodb.errors;

/**
 * The request body is not the JSON the operation expects.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class SerializationException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super("SerializationException", 400, message);
    }

    @Override
    public String namespace() {
        return CORAL_NAMESPACE;
    }
}
