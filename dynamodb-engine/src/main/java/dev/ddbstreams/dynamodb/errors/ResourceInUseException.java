package dev.ddbstreams.dynamodb.errors;

/**
 * The resource is being created, updated or deleted, or already exists.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class ResourceInUseException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public ResourceInUseException(String message) {
        super("ResourceInUseException", 400, message);
    }

}
