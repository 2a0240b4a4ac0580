package dev.ddbstreams.dynamodb.errors;

/**
 * The table, index or stream named does not exist (or is not ACTIVE).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class ResourceNotFoundException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message) {
        super("ResourceNotFoundException", 400, message);
    }

}
