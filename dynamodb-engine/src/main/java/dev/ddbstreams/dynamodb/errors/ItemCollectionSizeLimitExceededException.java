package dev.ddbstreams.dynamodb.errors;

/**
 * An item collection of a table with local secondary indexes would exceed 10 GB.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public final class ItemCollectionSizeLimitExceededException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public ItemCollectionSizeLimitExceededException(String message) {
        super("ItemCollectionSizeLimitExceededException", 400, message);
    }

}
