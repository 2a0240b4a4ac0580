package dev.ddbstreams.dynamodb.errors;

/**
 * Another transaction is in progress on an item of this request.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class TransactionConflictException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public TransactionConflictException(String message) {
        super("TransactionConflictException", 400, message);
    }

}
