package dev.ddbstreams.local.faults;

import java.nio.charset.StandardCharsets;

/**
 * A DynamoDB error answer, in the JSON shape the service returns (protocol {@code awsJson1_0}): status, and a
 * body with {@code __type} and {@code message}. The AWS SDKs retry all of them (throttling with a longer
 * back-off).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">DynamoDB error handling</a>
 */
public enum WriteFault {

    THROTTLING_EXCEPTION(400, "com.amazonaws.dynamodb.v20120810#ThrottlingException",
            "Rate of requests exceeds the allowed throughput."),
    PROVISIONED_THROUGHPUT_EXCEEDED(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
                    + "provisioning level with the UpdateTable API."),
    INTERNAL_SERVER_ERROR(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
    /** A 500 for a request that DynamoDB did apply: the client cannot tell, and retries. */
    INTERNAL_SERVER_ERROR_AFTER_APPLYING(500, "com.amazonaws.dynamodb.v20120810#InternalServerError",
            "Internal server error");

    private final int status;
    private final String type;
    private final String message;

    WriteFault(int status, String type, String message) {
        this.status = status;
        this.type = type;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** Whether the request is forwarded to DynamoDB before the error is answered. */
    public boolean applied() {
        return this == INTERNAL_SERVER_ERROR_AFTER_APPLYING;
    }

    byte[] body() {
        return ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
