package dev.ddbstreams.dynamodb.errors;

/**
 * The X-Amz-Target names no operation this service has (AWS answers 400 with no message).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class UnknownOperationException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public UnknownOperationException(String message) {
        super("UnknownOperationException", 400, message);
    }

    @Override
    public String namespace() {
        return CORAL_NAMESPACE;
    }
}
