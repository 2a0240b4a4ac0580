package dev.ddbstreams.kinesis.errors;

/**
 * The request body cannot be read: not JSON/CBOR, or a member of the wrong type.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis actions (per-operation errors)</a>
 */
public final class SerializationException extends KinesisException {

    public SerializationException(String message) {
        super(message);
    }
}
