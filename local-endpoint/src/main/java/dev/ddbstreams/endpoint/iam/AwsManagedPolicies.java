package dev.ddbstreams.endpoint.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies this project's roles attach (Lambda's execution roles), with the documents AWS publishes
 * for them, so that {@code AttachRolePolicy}, {@code GetPolicy} and {@code GetPolicyVersion} on them answer as in AWS.
 * Other AWS managed ARNs are refused with NoSuchEntity, as AWS refuses ARNs that do not exist: add a policy here
 * when the project needs it.
 *
 * @see <a href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html">AWSLambdaBasicExecutionRole</a>
 * @see <a href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaDynamoDBExecutionRole.html">AWSLambdaDynamoDBExecutionRole</a>
 * @see <a href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaKinesisExecutionRole.html">AWSLambdaKinesisExecutionRole</a>
 * @see <a href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaSQSQueueExecutionRole.html">AWSLambdaSQSQueueExecutionRole</a>
 */
final class AwsManagedPolicies {
    private static final String LOGS = "\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"";
    private static final Map<String, String> DOCUMENTS = Map.of(
            "AWSLambdaBasicExecutionRole", allow(LOGS),
            "AWSLambdaDynamoDBExecutionRole", allow("\"dynamodb:DescribeStream\",\"dynamodb:GetRecords\",\"dynamodb:GetShardIterator\",\"dynamodb:ListStreams\"," + LOGS),
            "AWSLambdaKinesisExecutionRole", allow("\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\",\"kinesis:ListStreams\",\"kinesis:SubscribeToShard\"," + LOGS),
            "AWSLambdaSQSQueueExecutionRole", allow("\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\",\"sqs:GetQueueAttributes\"," + LOGS));
    private static final long PUBLISHED = 1_423_000_000_000L;

    private AwsManagedPolicies() {
    }

    private static String allow(String actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + actions + "],\"Resource\":\"*\"}]}";
    }

    static List<ManagedPolicy> all() {
        return DOCUMENTS.keySet().stream().sorted().map(AwsManagedPolicies::policy).toList();
    }

    static Optional<ManagedPolicy> byArn(String arn) {
        String prefix = "arn:aws:iam::aws:policy/service-role/";
        if (!arn.startsWith(prefix) || !DOCUMENTS.containsKey(arn.substring(prefix.length()))) {
            return Optional.empty();
        }
        return Optional.of(policy(arn.substring(prefix.length())));
    }

    private static ManagedPolicy policy(String name) {
        String arn = "arn:aws:iam::aws:policy/service-role/" + name;
        String id = "ANPA" + Integer.toHexString(name.hashCode()).toUpperCase().replace('-', 'X');
        id = (id + "AWSMANAGEDPOLICYID").substring(0, 21);
        return new ManagedPolicy(name, "/service-role/", id, arn, null, PUBLISHED, PUBLISHED, "v1",
                List.of(new ManagedPolicy.PolicyVersion("v1", DOCUMENTS.get(name), PUBLISHED)), Map.of());
    }
}
