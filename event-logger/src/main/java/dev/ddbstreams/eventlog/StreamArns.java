package dev.ddbstreams.eventlog;

import java.util.Optional;

/**
 * Names taken from an event source ARN, for the log. An ARN of another shape (the Lambda console's test
 * events use {@code arn:aws:kinesis:EXAMPLE}) yields empty values, not an error: the names are context,
 * not something the record needs.
 *
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies">DynamoDB ARN formats</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html#amazonkinesis-resources-for-iam-policies">Kinesis ARN formats</a>
 */
public final class StreamArns {

    private StreamArns() {
    }

    /** {@code arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2019-...} gives {@code Orders}. */
    public static Optional<String> tableName(String streamArn) {
        return dynamoDbResource(streamArn).map(resource -> {
            int end = resource.indexOf("/stream/");
            return end < 0 ? resource : resource.substring(0, end);
        }).filter(name -> !name.isEmpty() && !name.contains("/"));
    }

    /** The stream label: {@code 2019-01-01T00:00:00.000} in the example above. */
    public static Optional<String> streamLabel(String streamArn) {
        return dynamoDbResource(streamArn).map(resource -> {
            int start = resource.indexOf("/stream/");
            return start < 0 ? "" : resource.substring(start + "/stream/".length());
        }).filter(label -> !label.isEmpty());
    }

    /** {@code arn:aws:kinesis:us-east-1:123456789012:stream/Lab-Stream} gives {@code Lab-Stream}. */
    public static Optional<String> kinesisStreamName(String streamArn) {
        return resource(streamArn, "kinesis", "stream/").filter(name -> !name.isEmpty() && !name.contains("/"));
    }

    private static Optional<String> dynamoDbResource(String streamArn) {
        return resource(streamArn, "dynamodb", "table/");
    }

    /** The resource part after {@code prefix}; ARNs are {@code arn:partition:service:region:account:resource}. */
    private static Optional<String> resource(String arn, String service, String prefix) {
        if (arn == null) {
            return Optional.empty();
        }
        // The resource may itself contain ':' (stream labels are timestamps), so split into six parts at most.
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals(service) || !parts[5].startsWith(prefix)) {
            return Optional.empty();
        }
        return Optional.of(parts[5].substring(prefix.length()));
    }
}
