package dev.ddbstreams.dynamodb.errors;

/**
 * An unexpected failure inside the engine.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class InternalServerError extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public InternalServerError(String message) {
        super("InternalServerError", 500, message);
    }

}
