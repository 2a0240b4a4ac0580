package dev.ddbstreams.kinesis.errors;

/**
 * A parameter does not satisfy the constraints of the API model (the message lists each violated constraint).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class ValidationException extends KinesisException {

    public ValidationException(String message) {
        super(message);
    }
}
