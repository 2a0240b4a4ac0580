package dev.ddbstreams.kinesis.stream;

/**
 * Stream lifecycle states. CreateStream answers at once with the stream CREATING; it becomes ACTIVE a moment
 * later (what the SDK waiters and Terraform poll for). Resharding, encryption and mode changes pass through
 * UPDATING; DeleteStream through DELETING.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html">StreamDescription.StreamStatus</a>
 */
public enum StreamStatus {
    CREATING, DELETING, ACTIVE, UPDATING
}
