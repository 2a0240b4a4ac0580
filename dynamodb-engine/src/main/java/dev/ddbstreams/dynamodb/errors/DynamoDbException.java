package dev.ddbstreams.dynamodb.errors;

/**
 * An error the engine answers with, named as AWS names it. The protocol layer turns it into AWS's JSON
 * error body: {@code {"__type":"com.amazonaws.dynamodb.v20120810#<errorType>","message":"..."}} with
 * {@link #httpStatus()}.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
public class DynamoDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int httpStatus;

    public DynamoDbException(String errorType, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    /** The AWS error code, e.g. {@code ValidationException}. */
    public String errorType() {
        return errorType;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
