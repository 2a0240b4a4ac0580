package dev.ddbstreams.kinesis.errors;

/**
 * The requested resource could not be found. The stream might not be specified correctly.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class ResourceNotFoundException extends KinesisException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
