package dev.ddbstreams.kinesis.stream;

/**
 * Capacity mode of a stream.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamModeDetails.html">StreamModeDetails</a>
 */
public enum StreamMode {
    PROVISIONED, ON_DEMAND
}
