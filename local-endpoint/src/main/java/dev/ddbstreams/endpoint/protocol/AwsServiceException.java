package dev.ddbstreams.endpoint.protocol;

/**
 * An error answered in the calling service's own shape: {@code code} is the error code AWS names (for example
 * {@code NoSuchEntity}, {@code ResourceNotFoundException}), {@code status} its HTTP status, and {@code sender}
 * whether the fault is the caller's ({@code <Type>Sender</Type>} in query-protocol errors).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html">IAM common errors</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html">CloudWatch Logs common errors</a>
 */
public final class AwsServiceException extends RuntimeException {
    private final String code;
    private final int status;
    private final boolean sender;

    public AwsServiceException(String code, int status, String message) {
        this(code, status, message, status < 500);
    }

    public AwsServiceException(String code, int status, String message, boolean sender) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.sender = sender;
    }

    /** AWS's error code, as the SDKs map it to an exception type. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** {@code true} when AWS reports the fault as the caller's ({@code Sender}), {@code false} for {@code Receiver}. */
    public boolean sender() {
        return sender;
    }

    /** A 400 validation error, named as the calling service names it. */
    public static AwsServiceException badRequest(String code, String message) {
        return new AwsServiceException(code, 400, message);
    }
}
