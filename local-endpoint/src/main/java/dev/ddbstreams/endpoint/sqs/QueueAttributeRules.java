package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AWS's rules for queue attributes, in one place: which names exist, which can be set, their ranges and defaults, and
 * which of them ElasticMQ keeps itself ({@link #KEPT_BY_ELASTICMQ}) and which the front keeps for it.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html">GetQueueAttributes</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">SetQueueAttributes</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html">CreateQueue</a>
 */
final class QueueAttributeRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What GetQueueAttributes accepts besides {@code All}. */
    static final Set<String> READABLE = Set.of("Policy", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "LastModifiedTimestamp",
            "QueueArn", "ApproximateNumberOfMessagesDelayed", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy",
            "FifoQueue", "ContentBasedDeduplication", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "DeduplicationScope",
            "FifoThroughputLimit", "RedriveAllowPolicy", "SqsManagedSseEnabled");

    /** What ElasticMQ 1.7 stores and answers itself (the front forwards these). */
    static final Set<String> KEPT_BY_ELASTICMQ = Set.of("VisibilityTimeout", "DelaySeconds", "ReceiveMessageWaitTimeSeconds",
            "RedrivePolicy", "FifoQueue", "ContentBasedDeduplication");

    /** Only FIFO queues have these ("You can specify the DeduplicationScope only when FifoQueue is set to true"). */
    static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

    /** Integer attributes and their ranges, from the SetQueueAttributes reference. */
    private static final Map<String, long[]> RANGES = Map.of(
            "DelaySeconds", new long[]{0, 900},
            "MaximumMessageSize", new long[]{1024, 1_048_576},
            "MessageRetentionPeriod", new long[]{60, 1_209_600},
            "ReceiveMessageWaitTimeSeconds", new long[]{0, 20},
            "VisibilityTimeout", new long[]{0, 43_200},
            "KmsDataKeyReusePeriodSeconds", new long[]{60, 86_400});

    private static final Set<String> BOOLEANS = Set.of("SqsManagedSseEnabled", "ContentBasedDeduplication", "FifoQueue");
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "DeduplicationScope", Set.of("messageGroup", "queue"),
            "FifoThroughputLimit", Set.of("perQueue", "perMessageGroupId"));
    private static final Set<String> REDRIVE_PERMISSIONS = Set.of("allowAll", "denyAll", "byQueue");

    private QueueAttributeRules() {
    }

    /**
     * The attributes a new queue has where the request names none: MessageRetentionPeriod 4 days, MaximumMessageSize
     * 1 MiB (the limit since August 2025; the recorded AWS answer in LocalStack's snapshot, test_set_queue_attributes_default_values,
     * says 1048576), and SSE-SQS on, AWS's default for queues created since October 2022, unless a KMS key is named.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html">SSE-SQS by default</a>
     */
    static Map<String, String> defaultsForNewQueue(Map<String, String> requested, boolean fifo) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("MaximumMessageSize", "1048576");
        defaults.put("MessageRetentionPeriod", "345600");
        defaults.put("SqsManagedSseEnabled", requested.getOrDefault("KmsMasterKeyId", "").isEmpty() ? "true" : "false");
        defaults.put("KmsDataKeyReusePeriodSeconds", "300");
        if (fifo) {
            defaults.put("DeduplicationScope", "queue");
            defaults.put("FifoThroughputLimit", "perQueue");
        }
        return defaults;
    }

    /**
     * Checks the attributes of a CreateQueue or SetQueueAttributes and returns them with values in AWS's canonical form
     * (booleans lower case). {@code creating} allows FifoQueue; {@code fifo} is whether the queue is (or will be) FIFO.
     */
    static Map<String, String> validate(Map<String, String> attributes, boolean creating, boolean fifo) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String value = attribute.getValue() == null ? "" : attribute.getValue();
            if (!READABLE.contains(name) || Set.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn").contains(name)) {
                throw SqsException.unknownAttribute(name);
            }
            if (name.equals("FifoQueue") && !creating) {
                // Recorded in LocalStack's snapshot (test_set_unsupported_attribute_fifo): unknown to a standard queue,
                // "true" again is accepted on a FIFO queue, "false" is refused.
                if (!fifo) {
                    throw SqsException.unknownAttribute(name);
                }
                if (!checkValue(name, value).equals("true")) {
                    throw SqsException.invalidAttributeValue(name, "Modifying queue type is not supported.");
                }
            }
            if (FIFO_ONLY.contains(name) && !fifo) {
                if (name.equals("ContentBasedDeduplication")) {
                    throw SqsException.unknownAttribute(name);
                }
                throw new SqsException("InvalidAttributeName", 400, "You can specify the " + name + " only when FifoQueue is set to true.");
            }
            checked.put(name, checkValue(name, value));
        }
        if (!checked.getOrDefault("KmsMasterKeyId", "").isEmpty() && "true".equals(checked.get("SqsManagedSseEnabled"))) {
            // Recorded in LocalStack's snapshot (test_sse_kms_and_sqs_are_mutually_exclusive).
            throw new SqsException("InvalidAttributeName", 400,
                    "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.");
        }
        return checked;
    }

    private static String checkValue(String name, String value) {
        long[] range = RANGES.get(name);
        if (range != null) {
            long number;
            try {
                number = Long.parseLong(value.trim());
            } catch (NumberFormatException notANumber) {
                throw SqsException.invalidAttributeValue(name, null);
            }
            if (number < range[0] || number > range[1]) {
                throw SqsException.invalidAttributeValue(name, null);
            }
            return Long.toString(number);
        }
        if (BOOLEANS.contains(name)) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw SqsException.invalidAttributeValue(name, null);
            }
            return lower;
        }
        if (ENUMS.containsKey(name) && !ENUMS.get(name).contains(value)) {
            throw SqsException.invalidAttributeValue(name, null);
        }
        return switch (name) {
            case "Policy" -> checkPolicy(value);
            case "RedriveAllowPolicy" -> checkRedriveAllowPolicy(value);
            case "RedrivePolicy" -> checkRedrivePolicy(value);
            default -> value;
        };
    }

    private static String checkPolicy(String value) {
        if (value.isEmpty()) {
            return value; // an empty Policy removes it
        }
        JsonNode policy = parse(value);
        if (policy == null || !policy.isObject() || !policy.has("Statement")) {
            throw SqsException.invalidAttributeValue("Policy", "Invalid policy document.");
        }
        return value;
    }

    /**
     * {@code {"redrivePermission":"allowAll|denyAll|byQueue","sourceQueueArns":[...]}}: byQueue needs 1 to 10 source
     * queue ARNs, the other two take none.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">RedriveAllowPolicy</a>
     */
    private static String checkRedriveAllowPolicy(String value) {
        if (value.isEmpty()) {
            return value;
        }
        JsonNode policy = parse(value);
        if (policy == null || !policy.isObject() || !policy.path("redrivePermission").isTextual()
                || !REDRIVE_PERMISSIONS.contains(policy.get("redrivePermission").asText())) {
            throw SqsException.invalidAttributeValue("RedriveAllowPolicy",
                    "Amazon SQS can't create the redrive allow policy, as it's in an unsupported format.");
        }
        JsonNode sources = policy.get("sourceQueueArns");
        boolean byQueue = policy.get("redrivePermission").asText().equals("byQueue");
        if (byQueue && (sources == null || !sources.isArray() || sources.isEmpty() || sources.size() > 10)) {
            throw SqsException.invalidAttributeValue("RedriveAllowPolicy",
                    "Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.");
        }
        if (!byQueue && sources != null && !(sources.isArray() && sources.isEmpty())) {
            throw SqsException.invalidAttributeValue("RedriveAllowPolicy",
                    "Amazon SQS can't create the redrive allow policy. To specify one or more source queue ARNs, you must set redrivePermission to byQueue.");
        }
        return value;
    }

    /** deadLetterTargetArn (a string) and maxReceiveCount (1 to 1,000, number or numeric string) are both required. */
    private static String checkRedrivePolicy(String value) {
        if (value.isEmpty()) {
            return value;
        }
        JsonNode policy = parse(value);
        JsonNode count = policy == null ? null : policy.get("maxReceiveCount");
        long receives = count == null ? -1 : count.isNumber() ? count.asLong() : parseLong(count.asText());
        if (policy == null || !policy.path("deadLetterTargetArn").isTextual() || receives < 1 || receives > 1000) {
            // test_redrive_policy_attribute_validity in LocalStack's aws-validated tests: InvalidParameterValue.
            String reason = policy == null ? "Redrive policy is not a valid JSON map."
                    : !policy.path("deadLetterTargetArn").isTextual() ? "Redrive policy does not contain mandatory attribute: deadLetterTargetArn."
                    : count == null ? "Redrive policy does not contain mandatory attribute: maxReceiveCount."
                    : "Invalid value for maxReceiveCount: " + count.asText() + ", valid values are from 1 to 1000 both inclusive.";
            throw SqsException.invalidParameterValue("RedrivePolicy", value, reason);
        }
        return value;
    }

    static String deadLetterTargetArn(String redrivePolicy) {
        JsonNode policy = parse(redrivePolicy);
        return policy == null ? "" : policy.path("deadLetterTargetArn").asText("");
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException malformed) {
            return null;
        }
    }

    /** The attributes GetQueueAttributes(All) shows: KMS settings only with a KMS key, FIFO settings only on FIFO queues. */
    static boolean shown(String name, Map<String, String> kept) {
        return switch (name) {
            case "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds" -> !kept.getOrDefault("KmsMasterKeyId", "").isEmpty();
            case "Policy", "RedriveAllowPolicy" -> !kept.getOrDefault(name, "").isEmpty();
            default -> kept.containsKey(name);
        };
    }
}
