package dev.ddbstreams.local.mapping;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Asks the engines whether an event source exists, the way Lambda checks it when a mapping is created: DescribeStream
 * for a DynamoDB or Kinesis stream, the queue's lookup for SQS. The texts are those Lambda's
 * {@code InvalidParameterValueException} carries: {@code Stream not found: <arn>}, and for a queue
 * {@code Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error
 * Message: ...} (recorded from AWS in LocalStack's Lambda provider, {@code check_service_resource_exists}, and in a
 * CloudFormation error quoting AWS: "Invalid request provided: Stream not found: arn:aws:dynamodb:...").
 *
 * <p>A check that cannot be made (an engine not answering) finds no problem: creation is not refused for it, and the
 * mapping's status shows the error once it polls.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#API_CreateEventSourceMapping_Errors">CreateEventSourceMapping errors</a>
 */
public final class EventSourceCheck {

    static final String NO_QUEUE = "Error occurred while ReceiveMessage. SQS Error Code: "
            + "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist or you do "
            + "not have access to it.";

    private final DynamoDbStreamsClient dynamoDbStreams;
    private final KinesisClient kinesis;
    private final SqsClient sqs;

    /** Any client may be {@code null} when its kind of source is not available here. */
    public EventSourceCheck(DynamoDbStreamsClient dynamoDbStreams, KinesisClient kinesis, SqsClient sqs) {
        this.dynamoDbStreams = dynamoDbStreams;
        this.kinesis = kinesis;
        this.sqs = sqs;
    }

    /** Why a mapping from {@code arn} cannot be created, if it cannot. */
    public Optional<String> creationProblem(String arn) {
        return problem(arn, false);
    }

    /**
     * Why a mapping from {@code arn} cannot poll now, if it cannot: creation's problems, and a DynamoDB stream that was
     * disabled (its table deleted, or its stream turned off). AWS does not document the text for the latter; this
     * runtime says {@code Stream is disabled: <arn>}.
     */
    public Optional<String> pollingProblem(String arn) {
        return problem(arn, true);
    }

    private Optional<String> problem(String arn, boolean disabledIsAProblem) {
        EventSourceArn source;
        try {
            source = EventSourceArn.parse(arn);
        } catch (IllegalArgumentException e) {
            return Optional.of("Unsupported event source: " + arn
                    + " (this runtime polls DynamoDB streams, Kinesis streams and SQS queues)");
        }
        try {
            return switch (source.type()) {
                case DYNAMODB -> dynamoDbStream(arn, disabledIsAProblem);
                case KINESIS -> kinesisStream(arn);
                case SQS -> queue(source);
            };
        } catch (SdkException e) {
            return Optional.empty(); // unknowable now: not a reason to refuse
        }
    }

    private Optional<String> dynamoDbStream(String arn, boolean disabledIsAProblem) {
        if (dynamoDbStreams == null) {
            return Optional.of("DynamoDB Streams is unavailable here: " + arn);
        }
        try {
            StreamStatus status = dynamoDbStreams.describeStream(b -> b.streamArn(arn).limit(1))
                    .streamDescription().streamStatus();
            if (disabledIsAProblem && status == StreamStatus.DISABLED) {
                return Optional.of("Stream is disabled: " + arn);
            }
            return Optional.empty();
        } catch (ResourceNotFoundException e) {
            return Optional.of("Stream not found: " + arn);
        }
    }

    private Optional<String> kinesisStream(String arn) {
        if (kinesis == null) {
            return Optional.of("Kinesis is unavailable here: " + arn);
        }
        try {
            kinesis.describeStreamSummary(b -> b.streamARN(arn));
            return Optional.empty();
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            return Optional.of("Stream not found: " + arn);
        }
    }

    private Optional<String> queue(EventSourceArn source) {
        if (sqs == null) {
            return Optional.of(NO_QUEUE);
        }
        try {
            sqs.getQueueUrl(b -> b.queueName(source.name()));
            return Optional.empty();
        } catch (QueueDoesNotExistException e) {
            return Optional.of(NO_QUEUE);
        }
    }
}
