package dev.ddbstreams.dynamodb.errors;

/**
 * The request carries no Authorization header.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class MissingAuthenticationTokenException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public MissingAuthenticationTokenException(String message) {
        super("MissingAuthenticationTokenException", 400, message);
    }

    @Override
    public String namespace() {
        return CORAL_NAMESPACE;
    }
}
