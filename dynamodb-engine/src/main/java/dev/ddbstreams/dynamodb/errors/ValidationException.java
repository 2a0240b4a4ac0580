package dev.ddbstreams.dynamodb.errors;

/**
 * A request that breaks one of DynamoDB's rules (HTTP 400). The message is AWS's, word for word, where
 * AWS's is known.
 */
public final class ValidationException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super("ValidationException", 400, message);
    }
}
