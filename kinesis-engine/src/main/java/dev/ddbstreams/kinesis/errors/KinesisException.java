package dev.ddbstreams.kinesis.errors;

/**
 * An error Kinesis answers with: its AWS error type ({@code __type} in the body), HTTP status and message.
 * Each subclass is named exactly as AWS names the error.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 */
public abstract class KinesisException extends RuntimeException {

    private final int httpStatus;

    protected KinesisException(String message, int httpStatus) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
    }

    protected KinesisException(String message) {
        this(message, 400);
    }

    /** The AWS error name, as written in the {@code __type} field of the error body. */
    public String errorType() {
        return getClass().getSimpleName();
    }

    public int httpStatus() {
        return httpStatus;
    }
}
