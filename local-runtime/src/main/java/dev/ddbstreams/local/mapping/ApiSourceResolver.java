package dev.ddbstreams.local.mapping;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Resolves sources by asking the emulators: DescribeTable's LatestStreamArn, GetQueueUrl, the queue's QueueArn
 * attribute, DescribeStreamSummary's StreamARN. Any client may be {@code null} when its sources are not used.
 */
public final class ApiSourceResolver implements SourceResolver {

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final KinesisClient kinesis;

    public ApiSourceResolver(DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.kinesis = kinesis;
    }

    @Override
    public String tableStreamArn(String table) {
        String arn = require(dynamoDb, "DynamoDbClient").describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        return arn;
    }

    @Override
    public String kinesisStreamArn(String stream) {
        return require(kinesis, "KinesisClient").describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary().streamARN();
    }

    @Override
    public String queueUrl(String queue) {
        return require(sqs, "SqsClient").getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    @Override
    public String queueArn(String queue) {
        String url = queueUrl(queue);
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static <T> T require(T client, String name) {
        if (client == null) {
            throw new IllegalStateException("no " + name + " to resolve this source with");
        }
        return client;
    }
}
