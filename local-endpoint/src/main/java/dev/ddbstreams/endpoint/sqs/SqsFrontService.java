package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQS operations whose answers ElasticMQ gives differently from AWS, done over ElasticMQ: the queues, messages,
 * visibility and dead-letter moves stay ElasticMQ's; this adds the attributes ElasticMQ does not keep
 * ({@link QueueAttributeStore}), validates attributes as AWS does ({@link QueueAttributeRules}), and answers with AWS's
 * ARNs ({@code arn:aws:sqs:<region>:<account>:<name>}) and queue URLs ({@code http://<endpoint called>/<account>/<name>}).
 * Inputs and outputs are the AWS JSON 1.0 shapes; {@link SqsFrontHandler} maps the query protocol onto them.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html">SQS actions</a>
 */
final class SqsFrontService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticMqClient elasticMq;
    private final QueueAttributeStore store;
    private final String region;
    private final String accountId;

    SqsFrontService(ElasticMqClient elasticMq, QueueAttributeStore store, String region, String accountId) {
        this.elasticMq = elasticMq;
        this.store = store;
        this.region = region;
        this.accountId = accountId;
    }

    /** {@code arn:aws:sqs:<region>:<account>:<queue>}, as AWS names a queue (ElasticMQ says {@code elasticmq}). */
    String arn(String queueName) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + queueName;
    }

    /** The URL of a queue as AWS gives it: on the endpoint the client called, then the account and the name. */
    String queueUrl(String host, String queueName) {
        return "http://" + host + "/" + accountId + "/" + queueName;
    }

    /**
     * CreateQueue: an existing queue of that name is returned when every attribute asked for has the value it already
     * has, and refused with QueueAlreadyExists naming the first one that differs (AWS's message, recorded in
     * LocalStack's snapshot, test_create_queue_with_different_attributes_raises_exception).
     */
    synchronized ObjectNode createQueue(ObjectNode input, String host) {
        String name = required(input, "QueueName");
        Map<String, String> requested = stringMap(input.get("Attributes"));
        boolean fifo = "true".equalsIgnoreCase(requested.getOrDefault("FifoQueue", "false"));
        Map<String, String> attributes = QueueAttributeRules.validate(requested, true, fifo);
        checkDeadLetterTarget(attributes.get("RedrivePolicy"));
        if (exists(name)) {
            Map<String, String> current = currentAttributes(name);
            attributes.forEach((attribute, value) -> {
                if (!sameValue(attribute, value, current.getOrDefault(attribute, ""))) {
                    throw new SqsException("QueueNameExists", 400,
                            "A queue already exists with the same name and a different value for attribute " + attribute);
                }
            });
            return url(queueUrl(host, name));
        }
        ObjectNode create = JSON.createObjectNode().put("QueueName", name);
        ObjectNode kept = create.putObject("Attributes");
        attributes.forEach((attribute, value) -> {
            if (QueueAttributeRules.KEPT_BY_ELASTICMQ.contains(attribute) && !value.isEmpty()) {
                kept.put(attribute, value);
            }
        });
        if (input.has("tags")) {
            create.set("tags", input.get("tags"));
        }
        elasticMq.call("CreateQueue", create);
        Map<String, String> front = QueueAttributeRules.defaultsForNewQueue(attributes, fifo);
        applyFrontKept(front, attributes);
        store.put(name, front);
        return url(queueUrl(host, name));
    }

    ObjectNode getQueueUrl(ObjectNode input, String host) {
        String name = required(input, "QueueName");
        elasticMq.call("GetQueueUrl", JSON.createObjectNode().put("QueueName", name));
        return url(queueUrl(host, name));
    }

    /** GetQueueAttributes: ElasticMQ's attributes with AWS's ARNs, and those the front keeps. */
    ObjectNode getQueueAttributes(ObjectNode input) {
        String name = queueName(input);
        JsonNode names = input.path("AttributeNames");
        for (JsonNode attribute : names) {
            if (!attribute.asText().equals("All") && !QueueAttributeRules.READABLE.contains(attribute.asText())) {
                throw SqsException.unknownAttribute(attribute.asText());
            }
        }
        Map<String, String> all = currentAttributes(name);
        ObjectNode output = JSON.createObjectNode();
        ObjectNode selected = JSON.createObjectNode();
        boolean everything = false;
        for (JsonNode attribute : names) {
            everything |= attribute.asText().equals("All");
        }
        for (Map.Entry<String, String> attribute : all.entrySet()) {
            boolean asked = everything;
            for (JsonNode wanted : names) {
                asked |= wanted.asText().equals(attribute.getKey());
            }
            if (asked) {
                selected.put(attribute.getKey(), attribute.getValue());
            }
        }
        if (!selected.isEmpty()) {
            output.set("Attributes", selected);
        }
        return output;
    }

    /** SetQueueAttributes: what ElasticMQ keeps goes to ElasticMQ, the rest to the front's store, after both are checked. */
    synchronized void setQueueAttributes(ObjectNode input) {
        String name = queueName(input);
        Map<String, String> current = currentAttributes(name);
        boolean fifo = "true".equals(current.get("FifoQueue"));
        Map<String, String> attributes = QueueAttributeRules.validate(stringMap(input.get("Attributes")), false, fifo);
        String redrivePolicy = attributes.get("RedrivePolicy");
        if (redrivePolicy != null && redrivePolicy.isEmpty()) {
            // AWS removes the redrive policy (LocalStack's aws-validated test_set_empty_redrive_policy); ElasticMQ has no
            // way to remove one, so a queue without one is left as it is and one with a policy is refused, not lied about.
            if (current.containsKey("RedrivePolicy")) {
                throw new SqsException("UnsupportedOperation", 400,
                        "This local endpoint (ElasticMQ) cannot remove a redrive policy; delete and re-create the queue.");
            }
            attributes.remove("RedrivePolicy");
        }
        checkDeadLetterTarget(attributes.get("RedrivePolicy"));
        ObjectNode kept = JSON.createObjectNode();
        attributes.forEach((attribute, value) -> {
            if (QueueAttributeRules.KEPT_BY_ELASTICMQ.contains(attribute)) {
                kept.put(attribute, value);
            }
        });
        if (!kept.isEmpty()) {
            ObjectNode set = JSON.createObjectNode().put("QueueUrl", elasticMq.queueUrl(name));
            set.set("Attributes", kept);
            elasticMq.call("SetQueueAttributes", set);
        }
        Map<String, String> front = frontKept(name, fifo);
        applyFrontKept(front, attributes);
        store.put(name, front);
    }

    synchronized void deleteQueue(ObjectNode input) {
        String name = queueName(input);
        elasticMq.call("DeleteQueue", JSON.createObjectNode().put("QueueUrl", elasticMq.queueUrl(name)));
        store.remove(name);
    }

    ObjectNode listQueues(ObjectNode input, String host) {
        ObjectNode output = elasticMq.call("ListQueues", input.deepCopy());
        rewriteUrls(output, "QueueUrls", host);
        return output;
    }

    ObjectNode listDeadLetterSourceQueues(ObjectNode input, String host) {
        String name = queueName(input);
        ObjectNode request = input.deepCopy().put("QueueUrl", elasticMq.queueUrl(name));
        ObjectNode output = elasticMq.call("ListDeadLetterSourceQueues", request);
        rewriteUrls(output, "queueUrls", host);
        return output;
    }

    /** The ARN of a queue in the form ElasticMQ writes it ({@code arn:aws:sqs:elasticmq:...:name}) as AWS writes it. */
    String awsArn(String elasticMqArn) {
        return arn(elasticMqArn.substring(elasticMqArn.lastIndexOf(':') + 1));
    }

    private void rewriteUrls(ObjectNode output, String field, String host) {
        if (output.get(field) instanceof ArrayNode urls) {
            ArrayNode rewritten = JSON.createArrayNode();
            urls.forEach(url -> rewritten.add(queueUrl(host, lastSegment(url.asText()))));
            output.set(field, rewritten);
        }
    }

    /** All attributes of a queue as AWS shows them for {@code All}. */
    private Map<String, String> currentAttributes(String name) {
        ObjectNode request = JSON.createObjectNode().put("QueueUrl", elasticMq.queueUrl(name));
        request.putArray("AttributeNames").add("All");
        Map<String, String> fromElasticMq = stringMap(elasticMq.call("GetQueueAttributes", request).get("Attributes"));
        Map<String, String> attributes = new TreeMap<>();
        fromElasticMq.forEach((attribute, value) -> attributes.put(attribute, switch (attribute) {
            case "QueueArn" -> arn(name);
            case "RedrivePolicy" -> withAwsTargetArn(value);
            default -> value;
        }));
        boolean fifo = "true".equals(attributes.get("FifoQueue"));
        Map<String, String> front = frontKept(name, fifo);
        front.forEach((attribute, value) -> {
            if (QueueAttributeRules.shown(attribute, front)) {
                attributes.put(attribute, value);
            }
        });
        return attributes;
    }

    private Map<String, String> frontKept(String name, boolean fifo) {
        // A queue ElasticMQ had before the front kept anything for it has AWS's defaults.
        return store.get(name).orElseGet(() -> QueueAttributeRules.defaultsForNewQueue(Map.of(), fifo));
    }

    /**
     * Stores the front's attributes of a request. Naming a KMS key turns SSE-SQS off, turning SSE-SQS on forgets the key
     * (one kind of SSE at a time), as AWS answers in LocalStack's snapshot test_set_queue_attributes_default_values.
     */
    private static void applyFrontKept(Map<String, String> front, Map<String, String> attributes) {
        attributes.forEach((attribute, value) -> {
            if (!QueueAttributeRules.KEPT_BY_ELASTICMQ.contains(attribute)) {
                front.put(attribute, value);
            }
        });
        if (!attributes.getOrDefault("KmsMasterKeyId", "").isEmpty()) {
            front.put("SqsManagedSseEnabled", "false");
        }
        if ("true".equals(attributes.get("SqsManagedSseEnabled"))) {
            front.put("KmsMasterKeyId", "");
        }
    }

    /**
     * A dead-letter target must be a queue of this endpoint's region and account that exists: AWS answers
     * InvalidParameterValue otherwise.
     */
    private void checkDeadLetterTarget(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isEmpty()) {
            return;
        }
        String target = QueueAttributeRules.deadLetterTargetArn(redrivePolicy);
        String prefix = "arn:aws:sqs:" + region + ":" + accountId + ":";
        if (!target.startsWith(prefix) || !exists(target.substring(prefix.length()))) {
            throw SqsException.invalidParameterValue("RedrivePolicy", redrivePolicy, "Dead letter target does not exist.");
        }
    }

    private String withAwsTargetArn(String redrivePolicy) {
        try {
            JsonNode policy = JSON.readTree(redrivePolicy);
            if (policy instanceof ObjectNode object && object.path("deadLetterTargetArn").isTextual()) {
                ObjectNode rewritten = JSON.createObjectNode();
                rewritten.put("deadLetterTargetArn", awsArn(object.get("deadLetterTargetArn").asText()));
                rewritten.set("maxReceiveCount", object.get("maxReceiveCount"));
                return JSON.writeValueAsString(rewritten);
            }
        } catch (IOException malformed) {
            // ElasticMQ writes it; left as it is if it ever is not JSON.
        }
        return redrivePolicy;
    }

    private boolean exists(String name) {
        try {
            elasticMq.call("GetQueueUrl", JSON.createObjectNode().put("QueueName", name));
            return true;
        } catch (SqsException error) {
            if (error.shape().equals("QueueDoesNotExist")) {
                return false;
            }
            throw error;
        }
    }

    /** Two values of an attribute are the same when they mean the same (JSON policies compared as JSON). */
    private static boolean sameValue(String attribute, String requested, String current) {
        if (attribute.equals("RedrivePolicy") || attribute.equals("RedriveAllowPolicy") || attribute.equals("Policy")) {
            if (requested.isEmpty() || current.isEmpty()) {
                return requested.isEmpty() && current.isEmpty();
            }
            try {
                JsonNode a = JSON.readTree(requested);
                JsonNode b = JSON.readTree(current);
                if (attribute.equals("RedrivePolicy")) {
                    return a.path("deadLetterTargetArn").asText().equals(b.path("deadLetterTargetArn").asText())
                            && a.path("maxReceiveCount").asText().equals(b.path("maxReceiveCount").asText());
                }
                return a.equals(b);
            } catch (IOException malformed) {
                return false;
            }
        }
        return requested.equals(current);
    }

    private static ObjectNode url(String url) {
        return JSON.createObjectNode().put("QueueUrl", url);
    }

    private static String required(ObjectNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw SqsException.missingParameter(field);
        }
        return value.asText();
    }

    /** The queue a QueueUrl names: its last path segment, as AWS and ElasticMQ read it. */
    private static String queueName(ObjectNode input) {
        return lastSegment(required(input, "QueueUrl"));
    }

    static String lastSegment(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
            }
        }
        return map;
    }

}
