package dev.ddbstreams.kinesis.errors;

/**
 * A specified parameter exceeds its restrictions, is not supported, or can't be used.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class InvalidArgumentException extends KinesisException {

    public InvalidArgumentException(String message) {
        super(message);
    }
}
