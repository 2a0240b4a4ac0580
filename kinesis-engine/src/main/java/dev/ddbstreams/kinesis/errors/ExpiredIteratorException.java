package dev.ddbstreams.kinesis.errors;

/**
 * The provided iterator exceeds the maximum age allowed.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class ExpiredIteratorException extends KinesisException {

    public ExpiredIteratorException(String message) {
        super(message);
    }
}
