package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS in front of ElasticMQ, in both protocols SQS clients speak: AWS JSON 1.0 ({@code X-Amz-Target: AmazonSQS.*}, the
 * SDKs and Terraform's AWS provider) and the query protocol ({@code Action=...}, older CLIs and SDKs).
 * <p>
 * The queue-level operations whose answers differ from AWS's ({@link #REWRITTEN}) are read here into the JSON shapes,
 * done by {@link SqsFrontService} and written back in the caller's protocol. Every other operation (messages,
 * visibility, tags, purges) goes to ElasticMQ as it came; only its errors are re-expressed in AWS's shape and code,
 * and the {@code DeadLetterQueueSourceArn} of received messages is given AWS's ARN.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html">SQS AWS JSON protocol</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html">SQS query API requests</a>
 */
public final class SqsFrontHandler implements ServiceHandler {
    /** The query protocol's XML namespace of SQS (API version 2012-11-05). */
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> REWRITTEN = Set.of("CreateQueue", "GetQueueUrl", "GetQueueAttributes", "SetQueueAttributes",
            "DeleteQueue", "ListQueues", "ListDeadLetterSourceQueues");
    private static final Pattern QUERY_DLQ_SOURCE = Pattern.compile(
            "(<Name>DeadLetterQueueSourceArn</Name>\\s*<Value>)(arn:aws:sqs:[^<]*)(</Value>)");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final SqsFrontService service;
    private final ElasticMqClient elasticMq;
    private final Supplier<URI> endpoint;

    /**
     * @param elasticMq     ElasticMQ's endpoint on loopback
     * @param region        the region of the edge's ARNs
     * @param accountId     the account of the edge's ARNs and queue URLs
     * @param dataDirectory where {@code sqs-attributes.json} is kept (empty: in memory)
     * @param endpoint      the edge's own endpoint, for queue URLs of a request without {@code Host} (HTTP/1.0)
     */
    public SqsFrontHandler(URI elasticMq, String region, String accountId, Optional<Path> dataDirectory, Supplier<URI> endpoint) {
        this.elasticMq = new ElasticMqClient(elasticMq);
        this.service = new SqsFrontService(this.elasticMq, new QueueAttributeStore(dataDirectory), region, accountId);
        this.endpoint = endpoint;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        // AWS JSON 1.0 when the request says so by its target or by its content type (a target of another service
        // signed for SQS is still a JSON request, answered in JSON).
        Optional<String> target = request.header("x-amz-target");
        boolean json = target.map(value -> value.startsWith("AmazonSQS.")).orElse(false)
                || request.header("content-type").map(type -> type.startsWith("application/x-amz-json")).orElse(false);
        try {
            Map<String, String> parameters = json ? Map.of() : QueryProtocol.parameters(request);
            String operation = !json ? parameters.getOrDefault("Action", "")
                    : target.map(value -> value.startsWith("AmazonSQS.") ? value.substring("AmazonSQS.".length()) : value).orElse("");
            PassThroughCheck.operation(request.method(), operation, json);
            if (json) {
                PassThroughCheck.jsonInput(operation, request.body());
            } else {
                PassThroughCheck.queryInput(operation, parameters);
            }
            if (!REWRITTEN.contains(operation)) {
                return passThrough(request, json, operation, requestId);
            }
            ObjectNode input = json ? jsonInput(request) : queryInput(parameters, request.path());
            String host = request.header("host").orElseGet(() -> endpoint.get().getRawAuthority());
            ObjectNode output = switch (operation) {
                case "CreateQueue" -> service.createQueue(input, host);
                case "GetQueueUrl" -> service.getQueueUrl(input, host);
                case "GetQueueAttributes" -> service.getQueueAttributes(input);
                case "SetQueueAttributes" -> {
                    service.setQueueAttributes(input);
                    yield null;
                }
                case "DeleteQueue" -> {
                    service.deleteQueue(input);
                    yield null;
                }
                case "ListQueues" -> service.listQueues(input, host);
                case "ListDeadLetterSourceQueues" -> service.listDeadLetterSourceQueues(input, host);
                default -> throw new IllegalStateException(operation);
            };
            if (json) {
                return jsonAnswer(output == null ? JSON.createObjectNode() : output, requestId);
            }
            return queryAnswer(operation, output == null ? null : queryResult(operation, output), requestId);
        } catch (SqsException error) {
            return error(error, json, requestId);
        } catch (AwsServiceException malformed) {
            return error(new SqsException(malformed.code(), malformed.status(), malformed.getMessage()), json, requestId);
        }
    }

    /** ElasticMQ's own answer, with AWS's error shapes and ARNs. */
    private AwsResponse passThrough(AwsRequest request, boolean json, String operation, String requestId) {
        ElasticMqClient.Answer answer = elasticMq.forward(request);
        if (answer.status() >= 400) {
            if (json) {
                throw ElasticMqClient.backendError(answer.status(), ElasticMqClient.parse(answer.body()),
                        new String(answer.body(), StandardCharsets.UTF_8));
            }
            String xml = new String(answer.body(), StandardCharsets.UTF_8);
            Matcher code = XML_CODE.matcher(xml);
            Matcher message = XML_MESSAGE.matcher(xml);
            if (!code.find()) {
                throw ElasticMqClient.plainError(answer.status(), xml);
            }
            throw SqsException.fromBackend(code.group(1), answer.status(), message.find() ? unescape(message.group(1)) : null);
        }
        byte[] body = answer.body();
        if (operation.equals("ReceiveMessage")) {
            body = json ? awsArnsInJson(body) : awsArnsInXml(body);
        }
        String contentType = answer.contentType().isEmpty() ? (json ? JSON_CONTENT_TYPE : "text/xml") : answer.contentType();
        return new AwsResponse(answer.status(), contentType, Map.of("x-amzn-RequestId", requestId), body);
    }

    /** A message moved to a dead-letter queue names its source queue by ARN: AWS's ARN, not ElasticMQ's. */
    private byte[] awsArnsInJson(byte[] body) {
        JsonNode output = ElasticMqClient.parse(body);
        if (output == null || !(output.get("Messages") instanceof ArrayNode messages)) {
            return body;
        }
        for (JsonNode message : messages) {
            if (message.get("Attributes") instanceof ObjectNode attributes && attributes.path("DeadLetterQueueSourceArn").isTextual()) {
                attributes.put("DeadLetterQueueSourceArn", service.awsArn(attributes.get("DeadLetterQueueSourceArn").asText()));
            }
        }
        try {
            return JSON.writeValueAsBytes(output);
        } catch (IOException impossible) {
            return body;
        }
    }

    private byte[] awsArnsInXml(byte[] body) {
        Matcher matcher = QUERY_DLQ_SOURCE.matcher(new String(body, StandardCharsets.UTF_8));
        StringBuilder rewritten = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(rewritten, Matcher.quoteReplacement(matcher.group(1) + service.awsArn(matcher.group(2)) + matcher.group(3)));
        }
        matcher.appendTail(rewritten);
        return rewritten.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode jsonInput(AwsRequest request) {
        if (request.body().length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode input = ElasticMqClient.parse(request.body());
        if (!(input instanceof ObjectNode object)) {
            throw new SqsException("SerializationException", 400, "Start of structure or map found where not expected.");
        }
        return object;
    }

    /**
     * The query form in the JSON shape: {@code Attribute.N.Name/Value} -> {@code Attributes}, {@code AttributeName.N}
     * -> {@code AttributeNames}, {@code Tag.N.Key/Value} -> {@code tags}; a request to {@code /<account>/<queue>}
     * without QueueUrl names that queue.
     */
    static ObjectNode queryInput(Map<String, String> parameters, String path) {
        ObjectNode input = JSON.createObjectNode();
        Map<Integer, String[]> attributes = new TreeMap<>();
        Map<Integer, String[]> tags = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String[] parts = parameter.getKey().split("\\.");
            if (parts.length == 3 && parts[0].equals("Attribute") && index(parts[1]) > 0) {
                attributes.computeIfAbsent(index(parts[1]), i -> new String[2])[parts[2].equals("Name") ? 0 : 1] = parameter.getValue();
            } else if (parts.length == 3 && parts[0].equals("Tag") && index(parts[1]) > 0) {
                tags.computeIfAbsent(index(parts[1]), i -> new String[2])[parts[2].equals("Key") ? 0 : 1] = parameter.getValue();
            } else if (parts.length == 2 && parts[0].equals("AttributeName") && index(parts[1]) > 0) {
                names.put(index(parts[1]), parameter.getValue());
            } else if (parts.length == 1 && !parts[0].equals("Action") && !parts[0].equals("Version")) {
                input.put(parts[0], parameter.getValue());
            }
        }
        if (!attributes.isEmpty()) {
            ObjectNode map = input.putObject("Attributes");
            attributes.values().forEach(pair -> {
                if (pair[0] == null) {
                    throw SqsException.missingParameter("Attribute.Name");
                }
                map.put(pair[0], pair[1] == null ? "" : pair[1]);
            });
        }
        if (!tags.isEmpty()) {
            ObjectNode map = input.putObject("tags");
            tags.values().forEach(pair -> map.put(pair[0] == null ? "" : pair[0], pair[1] == null ? "" : pair[1]));
        }
        if (!names.isEmpty()) {
            ArrayNode list = input.putArray("AttributeNames");
            names.values().forEach(list::add);
        }
        if (!input.has("QueueUrl") && path.matches("/[^/]+/[^/]+/?")) {
            input.put("QueueUrl", path);
        }
        return input;
    }

    private static int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notAnIndex) {
            return -1;
        }
    }

    /** The query protocol's result element of each operation rewritten here. */
    private static ObjectNode queryResult(String operation, ObjectNode output) {
        ObjectNode result = JSON.createObjectNode();
        switch (operation) {
            case "CreateQueue", "GetQueueUrl" -> result.set("QueueUrl", output.get("QueueUrl"));
            case "GetQueueAttributes" -> {
                // Flattened: <Attribute><Name>..</Name><Value>..</Value></Attribute> per attribute.
                ArrayNode flattened = result.putArray("Attribute");
                Iterator<Map.Entry<String, JsonNode>> attributes = output.path("Attributes").fields();
                while (attributes.hasNext()) {
                    Map.Entry<String, JsonNode> attribute = attributes.next();
                    flattened.addObject().put("Name", attribute.getKey()).put("Value", attribute.getValue().asText());
                }
            }
            case "ListQueues", "ListDeadLetterSourceQueues" -> {
                ArrayNode urls = result.putArray("QueueUrl");
                output.path(operation.equals("ListQueues") ? "QueueUrls" : "queueUrls").forEach(urls::add);
                if (output.path("NextToken").isTextual()) {
                    result.put("NextToken", output.get("NextToken").asText());
                }
            }
            default -> throw new IllegalStateException(operation);
        }
        return result;
    }

    /**
     * {@code <OperationResponse xmlns><OperationResult>..</OperationResult><ResponseMetadata>}; SQS's lists are
     * flattened (the element repeated, no {@code <member>}).
     */
    private static AwsResponse queryAnswer(String operation, ObjectNode result, String requestId) {
        StringBuilder xml = new StringBuilder(256).append("<?xml version=\"1.0\"?>\n<").append(operation)
                .append("Response xmlns=\"").append(NAMESPACE).append("\">");
        if (result != null) {
            xml.append('<').append(operation).append("Result>");
            result.fields().forEachRemaining(field -> flattened(field.getKey(), field.getValue(), xml));
            xml.append("</").append(operation).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata></")
                .append(operation).append("Response>\n");
        return AwsResponse.of(200, "text/xml", xml.toString(), Map.of("x-amzn-RequestId", requestId));
    }

    private static void flattened(String name, JsonNode value, StringBuilder xml) {
        if (value.isArray()) {
            value.forEach(item -> flattened(name, item, xml));
            return;
        }
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            value.fields().forEachRemaining(field -> flattened(field.getKey(), field.getValue(), xml));
        } else {
            xml.append(QueryProtocol.escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    private static AwsResponse jsonAnswer(ObjectNode output, String requestId) {
        try {
            return new AwsResponse(200, JSON_CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), JSON.writeValueAsBytes(output));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * AWS JSON: {@code {"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":...}} with {@code x-amzn-query-error:
     * AWS.SimpleQueueService.NonExistentQueue;Sender}. Query: {@code <ErrorResponse><Error><Type>Sender</Type>
     * <Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>...</Message><Detail/></Error><RequestId>}.
     */
    static AwsResponse error(SqsException error, boolean json, String requestId) {
        String type = error.sender() ? "Sender" : "Receiver";
        if (json) {
            ObjectNode body = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + error.shape()).put("message", error.getMessage());
            try {
                return new AwsResponse(error.status(), JSON_CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId,
                        "x-amzn-query-error", error.queryCode() + ";" + type), JSON.writeValueAsBytes(body));
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        String xml = "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>"
                + QueryProtocol.escape(error.queryCode()) + "</Code><Message>" + QueryProtocol.escape(error.queryMessage())
                + "</Message><Detail/></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>\n";
        return AwsResponse.of(error.status(), "text/xml", xml, Map.of("x-amzn-RequestId", requestId));
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
