package dev.ddbstreams.kinesis.errors;

/**
 * The X-Amz-Target names no Kinesis operation.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class UnknownOperationException extends KinesisException {

    public UnknownOperationException(String message) {
        super(message);
    }
}
