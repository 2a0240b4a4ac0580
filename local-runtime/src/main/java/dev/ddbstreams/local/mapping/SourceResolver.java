package dev.ddbstreams.local.mapping;

/**
 * Turns the wiring's source names into what the emulators hand out: a table's stream ARN, a Kinesis stream's
 * ARN, a queue's URL and ARN. Supplied by whoever provisioned the resources. A method may throw (for example
 * while a resource is still being created): the mapping then reports the error and asks again after a
 * back-off.
 */
public interface SourceResolver {

    /** @return the ARN of the table's current stream (DescribeTable's LatestStreamArn) */
    String tableStreamArn(String table);

    /** @return the ARN of the Kinesis stream */
    String kinesisStreamArn(String stream);

    /** @return the queue's URL, for ReceiveMessage, DeleteMessageBatch and SendMessage */
    String queueUrl(String queue);

    /** @return the queue's ARN, the {@code eventSourceARN} of SQS events */
    String queueArn(String queue);
}
