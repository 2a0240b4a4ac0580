package dev.ddbstreams.dynamodb.errors;

/**
 * A ClientRequestToken was reused within 10 minutes with a different request.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class IdempotentParameterMismatchException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public IdempotentParameterMismatchException(String message) {
        super("IdempotentParameterMismatchException", 400, message);
    }

}
