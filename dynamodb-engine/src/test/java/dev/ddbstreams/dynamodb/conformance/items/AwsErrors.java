package dev.ddbstreams.dynamodb.conformance.items;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Assertions on the errors AWS answers: the error code ({@code __type}), HTTP 400 and the message, compared
 * through the SDK's parsed error details (the exception's own message adds the SDK's request id).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 */
final class AwsErrors {

    static final String VALIDATION = "ValidationException";
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    /** Every operation's answer for a table that does not exist (API reference, "Errors" of each operation). */
    static final String REQUESTED_RESOURCE_NOT_FOUND = "Requested resource not found";
    /** ConditionalCheckFailedException's message, as AWS sends it (recorded in moto's and dynalite's tests). */
    static final String CONDITIONAL_REQUEST_FAILED = "The conditional request failed";

    private AwsErrors() {
    }

    /** The call fails with exactly this error code and message, HTTP 400. */
    static DynamoDbException assertError(String errorCode, String message, Executable call) {
        DynamoDbException error = assertErrorCode(errorCode, call);
        assertEquals(message, error.awsErrorDetails().errorMessage(), "error message");
        return error;
    }

    /** The call fails with this error code, HTTP 400 and a message starting with {@code prefix}. */
    static DynamoDbException assertErrorStartingWith(String errorCode, String prefix, Executable call) {
        DynamoDbException error = assertErrorCode(errorCode, call);
        String message = error.awsErrorDetails().errorMessage();
        assertTrue(message != null && message.startsWith(prefix),
                () -> "message should start with <" + prefix + "> but was <" + message + ">");
        return error;
    }

    /** The call fails with this error code, HTTP 400 and a message containing {@code fragment}. */
    static DynamoDbException assertErrorContaining(String errorCode, String fragment, Executable call) {
        DynamoDbException error = assertErrorCode(errorCode, call);
        String message = error.awsErrorDetails().errorMessage();
        assertTrue(message != null && message.contains(fragment),
                () -> "message should contain <" + fragment + "> but was <" + message + ">");
        return error;
    }

    static DynamoDbException assertValidation(String message, Executable call) {
        return assertError(VALIDATION, message, call);
    }

    static DynamoDbException assertValidationStartingWith(String prefix, Executable call) {
        return assertErrorStartingWith(VALIDATION, prefix, call);
    }

    static DynamoDbException assertResourceNotFound(Executable call) {
        return assertError(RESOURCE_NOT_FOUND, REQUESTED_RESOURCE_NOT_FOUND, call);
    }

    static DynamoDbException assertErrorCode(String errorCode, Executable call) {
        DynamoDbException error = assertThrows(DynamoDbException.class, call);
        assertEquals(errorCode, error.awsErrorDetails().errorCode(), () -> "error code; message: "
                + error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode(), "HTTP status");
        return error;
    }
}
