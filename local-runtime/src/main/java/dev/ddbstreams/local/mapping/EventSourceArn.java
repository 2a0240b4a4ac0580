package dev.ddbstreams.local.mapping;

import dev.ddbstreams.local.wiring.SourceType;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event source (or on-failure destination) ARN read into its parts: a DynamoDB table's stream
 * ({@code arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>}), a Kinesis stream
 * ({@code arn:aws:kinesis:<region>:<account>:stream/<name>}) or an SQS queue ({@code arn:aws:sqs:<region>:<account>:<name>}).
 *
 * @param name the table, stream or queue name
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies">DynamoDB resource types (stream ARN)</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html#amazonkinesis-resources-for-iam-policies">Kinesis resource types</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html#amazonsqs-resources-for-iam-policies">SQS resource types</a>
 */
public record EventSourceArn(String arn, SourceType type, String region, String accountId, String name) {

    private static final Pattern DYNAMODB_STREAM =
            Pattern.compile("arn:[a-z-]+:dynamodb:([^:]*):([0-9]*):table/([A-Za-z0-9_.-]{3,255})/stream/(.+)");
    private static final Pattern KINESIS_STREAM =
            Pattern.compile("arn:[a-z-]+:kinesis:([^:]*):([0-9]*):stream/([A-Za-z0-9_.-]{1,128})");
    private static final Pattern SQS_QUEUE = Pattern.compile("arn:[a-z-]+:sqs:([^:]*):([0-9]*):([A-Za-z0-9_-]{1,80}(\\.fifo)?)");

    public EventSourceArn {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /**
     * @throws IllegalArgumentException when the ARN is none of a DynamoDB stream, a Kinesis stream or an SQS queue
     */
    public static EventSourceArn parse(String arn) {
        Matcher matcher;
        if (arn != null && (matcher = DYNAMODB_STREAM.matcher(arn)).matches()) {
            return new EventSourceArn(arn, SourceType.DYNAMODB, matcher.group(1), matcher.group(2), matcher.group(3));
        }
        if (arn != null && (matcher = KINESIS_STREAM.matcher(arn)).matches()) {
            return new EventSourceArn(arn, SourceType.KINESIS, matcher.group(1), matcher.group(2), matcher.group(3));
        }
        if (arn != null && (matcher = SQS_QUEUE.matcher(arn)).matches()) {
            return new EventSourceArn(arn, SourceType.SQS, matcher.group(1), matcher.group(2), matcher.group(3));
        }
        throw new IllegalArgumentException("not a DynamoDB stream, Kinesis stream or SQS queue ARN: " + arn);
    }
}
