package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the front refuses itself before passing an operation through to ElasticMQ: requests AWS refuses with a 4xx
 * but ElasticMQ cannot parse and answers with a 500 (found by the HTTP fuzzer, {@code make fuzz}). A method SQS does
 * not serve, an operation SQS does not have, and, in AWS JSON 1.0, a body that is not an object or a member of the
 * wrong JSON type, or no {@code QueueUrl} where the operation requires one.
 *
 * <p>The member types are those of each operation's request syntax in the SQS API reference (strings, integers,
 * lists, maps and structures); a value of the wrong type cannot be read into the operation's input, which AWS JSON
 * services answer with {@code SerializationException}, as the front already does for a body that is not an object.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html">SQS actions</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage request syntax</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html">ReceiveMessage request syntax</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html">SQS common errors (InvalidAction, MissingParameter)</a>
 */
final class PassThroughCheck {
    /** Every SQS action (API version 2012-11-05). */
    static final Set<String> OPERATIONS = Set.of("CreateQueue", "DeleteQueue", "GetQueueUrl", "ListQueues",
            "GetQueueAttributes", "SetQueueAttributes", "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
            "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "PurgeQueue", "TagQueue",
            "UntagQueue", "ListQueueTags", "ListDeadLetterSourceQueues", "AddPermission", "RemovePermission",
            "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask");
    /** The operations whose input has no {@code QueueUrl}. */
    private static final Set<String> WITHOUT_QUEUE_URL = Set.of("ListQueues", "StartMessageMoveTask",
            "ListMessageMoveTasks", "CancelMessageMoveTask", "CreateQueue", "GetQueueUrl");

    /** Each operation's required members besides QueueUrl (its request syntax, "Required: Yes"). */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("SendMessage", List.of("MessageBody")), Map.entry("SendMessageBatch", List.of("Entries")),
            Map.entry("DeleteMessage", List.of("ReceiptHandle")), Map.entry("DeleteMessageBatch", List.of("Entries")),
            Map.entry("ChangeMessageVisibility", List.of("ReceiptHandle", "VisibilityTimeout")),
            Map.entry("ChangeMessageVisibilityBatch", List.of("Entries")), Map.entry("TagQueue", List.of("Tags")),
            Map.entry("UntagQueue", List.of("TagKeys")), Map.entry("AddPermission", List.of("Label", "AWSAccountIds", "Actions")),
            Map.entry("RemovePermission", List.of("Label")), Map.entry("StartMessageMoveTask", List.of("SourceArn")),
            Map.entry("CancelMessageMoveTask", List.of("TaskHandle")), Map.entry("ListMessageMoveTasks", List.of("SourceArn")));
    private static final java.util.regex.Pattern QUEUE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");

    private enum Type { STRING, INTEGER, LIST, MAP, STRUCTURE }

    /** Members by name, across the operations (SQS gives one name one type everywhere). */
    private static final Map<String, Type> MEMBERS = Map.ofEntries(
            Map.entry("QueueUrl", Type.STRING), Map.entry("QueueName", Type.STRING), Map.entry("MessageBody", Type.STRING),
            Map.entry("ReceiptHandle", Type.STRING), Map.entry("MessageGroupId", Type.STRING),
            Map.entry("MessageDeduplicationId", Type.STRING), Map.entry("ReceiveRequestAttemptId", Type.STRING),
            Map.entry("Id", Type.STRING), Map.entry("Label", Type.STRING), Map.entry("SourceArn", Type.STRING),
            Map.entry("DestinationArn", Type.STRING), Map.entry("TaskHandle", Type.STRING), Map.entry("NextToken", Type.STRING),
            Map.entry("QueueNamePrefix", Type.STRING), Map.entry("DataType", Type.STRING), Map.entry("StringValue", Type.STRING),
            Map.entry("BinaryValue", Type.STRING),
            Map.entry("DelaySeconds", Type.INTEGER), Map.entry("MaxNumberOfMessages", Type.INTEGER),
            Map.entry("WaitTimeSeconds", Type.INTEGER), Map.entry("VisibilityTimeout", Type.INTEGER),
            Map.entry("MaxResults", Type.INTEGER), Map.entry("MaxNumberOfMessagesPerSecond", Type.INTEGER),
            Map.entry("AttributeNames", Type.LIST), Map.entry("MessageAttributeNames", Type.LIST),
            Map.entry("MessageSystemAttributeNames", Type.LIST), Map.entry("Entries", Type.LIST), Map.entry("TagKeys", Type.LIST),
            Map.entry("AWSAccountIds", Type.LIST), Map.entry("Actions", Type.LIST), Map.entry("StringListValues", Type.LIST),
            Map.entry("BinaryListValues", Type.LIST),
            Map.entry("MessageAttributes", Type.MAP), Map.entry("MessageSystemAttributes", Type.MAP), Map.entry("Tags", Type.MAP),
            Map.entry("Attributes", Type.MAP));
    /** Maps whose values are structures ({@code MessageAttributeValue}), checked member by member. */
    private static final Set<String> MAPS_OF_STRUCTURES = Set.of("MessageAttributes", "MessageSystemAttributes");

    private PassThroughCheck() {
    }

    /** @throws SqsException when the method is not one SQS serves or the operation is not an SQS action */
    static void operation(String method, String operation, boolean json) {
        // SQS's query protocol is served over GET and POST, its JSON protocol over POST.
        if (!method.equals("POST") && !(method.equals("GET") && !json)) {
            throw new SqsException("UnsupportedOperation", 400, "The HTTP method " + method + " is not supported.");
        }
        if (!OPERATIONS.contains(operation)) {
            throw json ? new SqsException("UnknownOperationException", 400, "Unknown operation " + operation + ".")
                    : new SqsException("InvalidAction", 400, "The action " + operation + " is not valid for this endpoint.");
        }
    }

    /** @throws SqsException when an AWS JSON input cannot be read into the operation's input */
    static void jsonInput(String operation, byte[] body) {
        // Strict UTF-8 first: Jackson reads an overlong encoding (C0 AF) as the character it spells ('/'), where
        // ElasticMQ fails on it; AWS refuses a body that is not UTF-8.
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException notUtf8) {
            throw serialization("The request body is not valid UTF-8.");
        }
        JsonNode input = body.length == 0 ? ElasticMqClient.parse("{}".getBytes(StandardCharsets.UTF_8)) : ElasticMqClient.parse(body);
        if (input == null || !input.isObject()) {
            throw serialization("Start of structure or map found where not expected.");
        }
        members(input, 0);
        for (String member : REQUIRED.getOrDefault(operation, List.of())) {
            if (input.get(member) == null || input.get(member).isNull()) {
                throw SqsException.missingParameter(member);
            }
        }
        JsonNode queueUrl = input.get("QueueUrl");
        if (!WITHOUT_QUEUE_URL.contains(operation) && (queueUrl == null || queueUrl.isNull() || queueUrl.asText().isEmpty())) {
            throw SqsException.missingParameter("QueueUrl");
        }
        if (queueUrl != null && queueUrl.isTextual()) {
            queueUrl(queueUrl.asText());
        }
    }

    /**
     * The query protocol's parameters: a required one missing, or an integer one that is not an integer, is refused
     * here (every query value is text, so only the integers can be of the wrong type). Batch entries
     * ({@code SendMessageBatchRequestEntry.1.DelaySeconds}) are checked by their last name segment.
     */
    static void queryInput(String operation, Map<String, String> parameters) {
        for (String member : REQUIRED.getOrDefault(operation, List.of())) {
            boolean present = parameters.containsKey(member) || parameters.keySet().stream().anyMatch(name -> name.startsWith(member + ".")
                    || (member.equals("Entries") && name.contains("RequestEntry.")) || (member.equals("Tags") && name.startsWith("Tag."))
                    || (member.equals("TagKeys") && name.startsWith("TagKey.")) || (member.equals("AWSAccountIds") && name.startsWith("AWSAccountId."))
                    || (member.equals("Actions") && name.startsWith("ActionName.")));
            if (!present) {
                throw SqsException.missingParameter(member);
            }
        }
        parameters.forEach((name, value) -> {
            String last = name.substring(name.lastIndexOf('.') + 1);
            if (MEMBERS.get(last) == Type.INTEGER) {
                try {
                    Integer.parseInt(value.trim());
                } catch (NumberFormatException notAnInteger) {
                    throw new SqsException("InvalidParameterValueException", 400, "Value " + (value.length() > 64
                            ? value.substring(0, 64) + "..." : value) + " for parameter " + name + " is invalid. Reason: must be an integer.");
                }
            }
        });
        if (parameters.containsKey("QueueUrl")) {
            queueUrl(parameters.get("QueueUrl"));
        }
    }

    /**
     * A QueueUrl whose last path segment cannot be a queue name (1 to 80 alphanumerics, hyphens and underscores, and a
     * {@code .fifo} suffix for a FIFO queue) names no queue: {@code QueueDoesNotExist}, before ElasticMQ fails on it.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html">CreateQueue (QueueName)</a>
     */
    static void queueUrl(String url) {
        if (!QUEUE_NAME.matcher(SqsFrontService.lastSegment(url)).matches()) {
            throw SqsException.nonExistentQueue();
        }
    }

    private static void members(JsonNode structure, int depth) {
        if (depth > 4) {
            throw serialization("The input nests deeper than any SQS input.");
        }
        structure.properties().forEach(member -> {
            Type type = MEMBERS.get(member.getKey());
            JsonNode value = member.getValue();
            if (type == null || value.isNull()) {
                return; // an unknown member is ignored, as AWS JSON services ignore them
            }
            boolean ok = switch (type) {
                case STRING -> value.isTextual();
                case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
                case LIST -> value.isArray();
                case MAP, STRUCTURE -> value.isObject();
            };
            if (!ok) {
                throw serialization("Cannot read " + member.getKey() + ": expected " + type.name().toLowerCase() + ".");
            }
            if (type == Type.LIST) {
                value.forEach(item -> {
                    if (item.isObject()) {
                        members(item, depth + 1); // batch entries
                    } else if (!item.isTextual()) {
                        throw serialization("Cannot read an item of " + member.getKey() + ": expected a string or a structure.");
                    }
                });
            } else if (MAPS_OF_STRUCTURES.contains(member.getKey())) {
                value.properties().forEach(entry -> {
                    if (!entry.getValue().isObject()) {
                        throw serialization("Cannot read " + member.getKey() + "." + entry.getKey() + ": expected a structure.");
                    }
                    members(entry.getValue(), depth + 1);
                });
            } else if (type == Type.MAP) {
                value.properties().forEach(entry -> {
                    if (!entry.getValue().isTextual()) {
                        throw serialization("Cannot read " + member.getKey() + "." + entry.getKey() + ": expected a string.");
                    }
                });
            }
        });
    }

    private static SqsException serialization(String message) {
        return new SqsException("SerializationException", 400, message);
    }
}
