package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.iam.policy.Decision;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The permissions Lambda checks on a function's execution role when an event source mapping is created (or updated to
 * another function or another on-failure destination): the role must be allowed to read the source, and to send to the
 * on-failure destination. A role that lacks one is refused at creation with {@code InvalidParameterValueException}
 * (HTTP 400) and AWS's text:
 * <ul>
 *   <li>DynamoDB stream: {@code Cannot access stream <arn>. Please ensure the role can perform the GetRecords,
 *       GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.} (recorded with
 *       {@code Error Code: InvalidParameterValueException} in
 *       <a href="https://github.com/aws-samples/lambda-refarch-webapp/issues/7">aws-samples/lambda-refarch-webapp#7</a> and
 *       <a href="https://github.com/awslabs/dynamodb-continuous-backup/issues/39">awslabs/dynamodb-continuous-backup#39</a>);</li>
 *   <li>Kinesis stream: {@code Cannot access stream <arn>. Please ensure the role can perform the GetRecords,
 *       GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.}
 *       (<a href="https://github.com/aws-samples/cross-account-amazon-dynamodb-replication/issues/11">aws-samples/cross-account-amazon-dynamodb-replication#11</a>);</li>
 *   <li>SQS source: {@code The function execution role does not have permissions to call <ReceiveMessage|DeleteMessage|
 *       GetQueueAttributes> on SQS} (today's wording, <a href="https://github.com/anomalyco/sst/issues/5737">sst#5737</a>;
 *       earlier "The provided execution role ...", <a href="https://github.com/aws/aws-cdk/issues/6770">aws-cdk#6770</a>,
 *       <a href="https://github.com/functionalone/serverless-iam-roles-per-function/issues/21">serverless-iam-roles-per-function#21</a>
 *       for DeleteMessage);</li>
 *   <li>on-failure destination: {@code The function execution role does not have permissions to call SendMessage on SQS}
 *       (a DynamoDB stream mapping's destination in
 *       <a href="https://github.com/aws-samples/aws-serverless-ecommerce-platform/issues/41">aws-serverless-ecommerce-platform#41</a>);
 *       for an SNS topic the same sentence with {@code Publish on SNS} (our wording after the SQS one: not recorded).</li>
 * </ul>
 * Which actions are checked: the ones each message names, on the source's ARN, as the documented policies grant them
 * (<a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html">the
 * DynamoDB Streams example</a> allows all four, ListStreams included, on {@code table/<t>/stream/*}, and AWS accepts it;
 * a grant on {@code *} matches any ARN too). For Kinesis, ListStreams is named by the message but not required: the CDK's
 * {@code KinesisEventSource} grants DescribeStream (which "is being validated when creating the resource",
 * <a href="https://github.com/aws/aws-cdk/pull/7354">aws-cdk#7354</a>) with DescribeStreamSummary, GetRecords,
 * GetShardIterator, ListShards and SubscribeToShard and no ListStreams, and its mappings are created. A mapping from a
 * stream consumer (enhanced fan-out, {@code stream/<s>/consumer/<c>:<t>}) also needs kinesis:SubscribeToShard on the
 * consumer (<a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions">Kinesis
 * execution role permissions</a>). For SQS, the three actions of
 * <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions">SQS execution role permissions</a>,
 * in the order AWS names them in refusals seen (ReceiveMessage first).
 * <p>
 * Terraform's AWS provider retries CreateEventSourceMapping for 5 minutes on exactly these two kinds of text (it matches
 * "execution role does not have permissions" and "ensure the role can perform": {@code retryEventSourceMapping} in
 * <a href="https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/lambda/event_source_mapping.go">event_source_mapping.go</a>),
 * taking them for IAM propagation delay.
 * <p>
 * A statement the endpoint cannot evaluate (an unsupported condition) refuses too, never silently allows, and the
 * message then says so.
 */
final class EventSourceMappingPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMappingPermissions.class);

    private static final List<String> DYNAMODB_STREAM_READ = List.of("dynamodb:GetRecords", "dynamodb:GetShardIterator",
            "dynamodb:DescribeStream", "dynamodb:ListStreams");
    private static final List<String> KINESIS_STREAM_READ = List.of("kinesis:GetRecords", "kinesis:GetShardIterator",
            "kinesis:DescribeStream", "kinesis:ListShards");
    private static final List<String> SQS_QUEUE_READ = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    private final ExecutionRoleAuthorizer authorizer;

    EventSourceMappingPermissions(ExecutionRoleAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Refuses unless {@code roleArn} may read {@code sourceArn} (of {@code sourceKind}: dynamodb, kinesis or sqs). */
    void checkSource(String roleArn, String sourceKind, String sourceArn) {
        switch (sourceKind) {
            case "dynamodb" -> requireAll(roleArn, DYNAMODB_STREAM_READ, sourceArn, "Cannot access stream " + sourceArn
                    + ". Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.");
            case "kinesis" -> {
                int consumer = sourceArn.indexOf("/consumer/");
                String streamArn = consumer < 0 ? sourceArn : sourceArn.substring(0, consumer);
                String message = "Cannot access stream " + sourceArn + ". Please ensure the role can perform the GetRecords, "
                        + "GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.";
                requireAll(roleArn, KINESIS_STREAM_READ, streamArn, message);
                if (consumer >= 0) {
                    requireAll(roleArn, List.of("kinesis:SubscribeToShard"), sourceArn, message);
                }
            }
            case "sqs" -> {
                for (String action : SQS_QUEUE_READ) {
                    require(roleArn, action, sourceArn, missing(action, "SQS"));
                }
            }
            default -> throw new IllegalArgumentException("not a polled source kind: " + sourceKind);
        }
    }

    /** Refuses unless {@code roleArn} may send to the on-failure destination (an SQS queue or SNS topic ARN). */
    void checkOnFailureDestination(String roleArn, String destinationArn) {
        if (destinationArn.matches("arn:aws[a-zA-Z-]*:sqs:.*")) {
            require(roleArn, "sqs:SendMessage", destinationArn, missing("sqs:SendMessage", "SQS"));
        } else if (destinationArn.matches("arn:aws[a-zA-Z-]*:sns:.*")) {
            require(roleArn, "sns:Publish", destinationArn, missing("sns:Publish", "SNS"));
        }
    }

    private static String missing(String action, String service) {
        return "The function execution role does not have permissions to call " + action.substring(action.indexOf(':') + 1)
                + " on " + service;
    }

    private void requireAll(String roleArn, List<String> actions, String resourceArn, String message) {
        for (String action : actions) {
            require(roleArn, action, resourceArn, message);
        }
    }

    private void require(String roleArn, String action, String resourceArn, String message) {
        Decision decision = authorizer.decide(roleArn, action, resourceArn);
        if (decision.allowed()) {
            return;
        }
        if (decision.outcome() == Decision.Outcome.CANNOT_EVALUATE) {
            String detail = decision.detail().orElse("a policy");
            LOG.warn("Refused an event source mapping: {} on {} for {} depends on {}, which the endpoint cannot evaluate",
                    action, resourceArn, roleArn, detail);
            throw LambdaErrors.invalidParameter(message + " (" + action + " depends on " + detail
                    + ", which the local endpoint cannot evaluate; AWS might decide otherwise)");
        }
        throw LambdaErrors.invalidParameter(message);
    }
}
