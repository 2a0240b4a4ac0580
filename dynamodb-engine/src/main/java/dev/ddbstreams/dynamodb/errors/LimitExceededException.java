package dev.ddbstreams.dynamodb.errors;

/**
 * Too many control-plane operations at once, or a per-account limit reached.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class LimitExceededException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super("LimitExceededException", 400, message);
    }

}
