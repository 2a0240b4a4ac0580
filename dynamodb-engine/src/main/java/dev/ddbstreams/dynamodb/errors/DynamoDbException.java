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

    /** The namespace DynamoDB's own errors carry in {@code __type}. */
    public static final String DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810";
    /** The namespace of errors raised by AWS's request-handling framework before the service runs. */
    public static final String CORAL_NAMESPACE = "com.amazon.coral.service";

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

    /** The namespace that prefixes {@link #errorType()} in the body's {@code __type}. */
    public String namespace() {
        return DYNAMODB_NAMESPACE;
    }
}
