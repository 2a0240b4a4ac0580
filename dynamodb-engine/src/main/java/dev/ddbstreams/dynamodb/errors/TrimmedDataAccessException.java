package dev.ddbstreams.dynamodb.errors;

/**
 * The requested stream records are past the 24-hour retention and were trimmed.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class TrimmedDataAccessException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public TrimmedDataAccessException(String message) {
        super("TrimmedDataAccessException", 400, message);
    }

}
