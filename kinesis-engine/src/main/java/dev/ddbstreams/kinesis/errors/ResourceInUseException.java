package dev.ddbstreams.kinesis.errors;

/**
 * The resource is not available for this operation.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class ResourceInUseException extends KinesisException {

    public ResourceInUseException(String message) {
        super(message);
    }
}
