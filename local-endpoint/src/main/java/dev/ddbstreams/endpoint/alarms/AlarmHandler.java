package dev.ddbstreams.endpoint.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.CborProtocol;
import dev.ddbstreams.endpoint.protocol.JsonProtocol;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch's three wire protocols for metric alarms, all read into the same input tree and written from the same
 * output tree: the query protocol (XML; Terraform's AWS provider 5.100.0, whose Go SDK serialises with
 * {@code awsAwsquery}), AWS JSON 1.0 ({@code X-Amz-Target: GraniteServiceVersion20100801.*} with
 * {@code x-amzn-query-mode: true}; the AWS CLI v1 1.45 / botocore 1.43) and Smithy RPC v2 CBOR (the AWS SDK for Java v2
 * 2.59.1, whose CloudWatch client uses {@code SmithyRpcV2CborProtocolFactory}). The JSON and CBOR forms carry the
 * query error code in {@code x-amzn-query-error}, as for every {@code awsQueryCompatible} service.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Operations.html">CloudWatch actions</a>
 */
public final class AlarmHandler implements ServiceHandler {
    static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String JSON_TARGET_PREFIX = "GraniteServiceVersion20100801.";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Members the model types as integers, doubles and booleans (query parameters arrive as text). */
    private static final Set<String> INTEGERS = Set.of("Period", "EvaluationPeriods", "DatapointsToAlarm", "MaxRecords");
    private static final Set<String> DOUBLES = Set.of("Threshold");
    private static final Set<String> BOOLEANS = Set.of("ActionsEnabled", "ReturnData");

    private final AlarmService alarms;

    public AlarmHandler(AlarmService alarms) {
        this.alarms = alarms;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        boolean cbor = request.path().startsWith("/service/");
        String target = request.header("x-amz-target").orElse(null);
        boolean json = !cbor && target != null;
        try {
            String action;
            ObjectNode in;
            if (json) {
                action = target.startsWith(JSON_TARGET_PREFIX) ? target.substring(JSON_TARGET_PREFIX.length()) : "";
                in = JsonProtocol.input(request, "SerializationException");
            } else if (cbor) {
                action = CborProtocol.operation(request.path());
                in = CborProtocol.input(request);
            } else {
                Map<String, String> parameters = QueryProtocol.parameters(request);
                action = parameters.getOrDefault("Action", "");
                in = QueryProtocol.input(parameters);
            }
            typed(in);
            ObjectNode out = dispatch(action, in);
            if (json) {
                return JsonProtocol.response(JSON_CONTENT_TYPE, JsonProtocol.withEpochSeconds(out == null ? NODES.objectNode() : out), requestId);
            }
            return cbor ? CborProtocol.response(out == null ? NODES.objectNode() : out, requestId)
                    : QueryProtocol.response(action, NAMESPACE, out, requestId);
        } catch (AwsServiceException error) {
            if (json) {
                return JsonProtocol.queryCompatibleError(error, JSON_CONTENT_TYPE, requestId);
            }
            return cbor ? CborProtocol.error(error, requestId) : QueryProtocol.error(error, NAMESPACE, requestId);
        }
    }

    private ObjectNode dispatch(String action, ObjectNode in) {
        ObjectNode out = NODES.objectNode();
        switch (action) {
            case "PutMetricAlarm" -> {
                alarms.putMetricAlarm(in, tags(in.get("Tags")));
                return null;
            }
            case "DescribeAlarms" -> {
                List<MetricAlarm> matched = alarms.describeAlarms(strings(in.get("AlarmNames")), text(in, "AlarmNamePrefix"),
                        text(in, "StateValue"));
                int max = in.hasNonNull("MaxRecords") ? in.get("MaxRecords").asInt() : 50;
                if (max < 1 || max > 100) {
                    throw AlarmService.invalid("The parameter MaxRecords must be between 1 and 100.");
                }
                int from = 0;
                String token = text(in, "NextToken");
                if (token != null) {
                    try {
                        from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token)));
                    } catch (IllegalArgumentException malformed) {
                        throw AlarmService.invalid("The parameter NextToken is not valid.");
                    }
                }
                List<String> types = strings(in.get("AlarmTypes"));
                boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
                ArrayNode list = out.putArray("MetricAlarms");
                int to = metricAlarms ? Math.min(matched.size(), from + max) : from;
                for (int i = from; i < to; i++) {
                    list.add(render(matched.get(i)));
                }
                out.putArray("CompositeAlarms");
                if (metricAlarms && to < matched.size()) {
                    out.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(to).getBytes()));
                }
            }
            case "DeleteAlarms" -> {
                alarms.deleteAlarms(strings(in.get("AlarmNames")));
                return null;
            }
            case "ListTagsForResource" -> {
                ArrayNode list = out.putArray("Tags");
                alarms.tags(text(in, "ResourceARN")).forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
            }
            case "TagResource" -> alarms.tag(text(in, "ResourceARN"), tags(in.get("Tags")));
            case "UntagResource" -> alarms.untag(text(in, "ResourceARN"), strings(in.get("TagKeys")));
            default -> throw new AwsServiceException("InvalidAction", 400,
                    "The action " + action + " is not valid for this web service.");
        }
        return out;
    }

    private static ObjectNode render(MetricAlarm alarm) {
        ObjectNode node = NODES.objectNode();
        ObjectNode config = alarm.configuration();
        node.put("AlarmName", alarm.alarmName());
        node.put("AlarmArn", alarm.alarmArn());
        copy(config, node, "AlarmDescription");
        node.set("AlarmConfigurationUpdatedTimestamp", new POJONode(Instant.ofEpochMilli(alarm.configurationUpdatedMillis())));
        node.put("ActionsEnabled", !config.has("ActionsEnabled") || config.get("ActionsEnabled").asBoolean());
        for (String actions : List.of("OKActions", "AlarmActions", "InsufficientDataActions")) {
            node.set(actions, config.has(actions) ? config.get(actions) : NODES.arrayNode());
        }
        node.put("StateValue", alarm.stateValue());
        node.put("StateReason", alarm.stateReason());
        node.set("StateUpdatedTimestamp", new POJONode(Instant.ofEpochMilli(alarm.stateUpdatedMillis())));
        for (String member : List.of("MetricName", "Namespace", "Statistic", "ExtendedStatistic")) {
            copy(config, node, member);
        }
        node.set("Dimensions", config.has("Dimensions") ? config.get("Dimensions") : NODES.arrayNode());
        for (String member : List.of("Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                "ComparisonOperator", "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")) {
            copy(config, node, member);
        }
        node.set("StateTransitionedTimestamp", new POJONode(Instant.ofEpochMilli(alarm.stateUpdatedMillis())));
        return node;
    }

    private static void copy(ObjectNode from, ObjectNode to, String member) {
        if (from.hasNonNull(member)) {
            to.set(member, from.get(member));
        }
    }

    /** Gives query-protocol text the model's types, recursively (CBOR input is typed already). */
    private static void typed(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value.isObject()) {
                typed((ObjectNode) value);
            } else if (value.isArray()) {
                value.forEach(element -> {
                    if (element.isObject()) {
                        typed((ObjectNode) element);
                    }
                });
            } else if (value.isTextual()) {
                String text = value.asText();
                try {
                    if (INTEGERS.contains(name)) {
                        node.put(name, Integer.parseInt(text));
                    } else if (DOUBLES.contains(name)) {
                        node.put(name, Double.parseDouble(text));
                    } else if (BOOLEANS.contains(name)) {
                        node.put(name, Boolean.parseBoolean(text));
                    }
                } catch (NumberFormatException notANumber) {
                    throw AlarmService.invalid("The parameter " + name + " must be a number: " + text);
                }
            }
        }
    }

    private static String text(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            list.forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        }
        return tags;
    }
}
