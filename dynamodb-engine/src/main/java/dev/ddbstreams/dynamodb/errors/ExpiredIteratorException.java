package dev.ddbstreams.dynamodb.errors;

/**
 * The shard iterator is older than 15 minutes.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class ExpiredIteratorException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public ExpiredIteratorException(String message) {
        super("ExpiredIteratorException", 400, message);
    }

}
