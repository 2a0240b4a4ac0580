package dev.ddbstreams.local.mapping;

import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients one mapping reads its source and sends its on-failure records with. Lambda's pollers call the sources
 * with the function's execution role ("Lambda uses the execution role to read event data",
 * <a href="https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html">AWS managed policies in the
 * execution role</a>): with IAM enforced, the local runtime gives each function's mappings clients signed with a session
 * of its role, through the AWS endpoint, so a read the role's policies do not allow is refused as AWS refuses it.
 * Any of the three may be {@code null} (that kind of source is then unavailable).
 */
public record SourceClients(DynamoDbStreamsClient dynamoDbStreams, KinesisClient kinesis, SqsClient sqs) {
}
