package dev.ddbstreams.endpoint.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.JsonProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CloudWatch Logs' AWS JSON 1.1 protocol ({@code X-Amz-Target: Logs_20140328.<Operation>}): reads each operation's
 * input, calls {@link LogsService}, writes AWS's output shapes. Describe calls page with {@code limit} (1-50, default
 * 50) and an opaque {@code nextToken}.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html">CloudWatch Logs actions</a>
 */
public final class LogsJsonHandler implements ServiceHandler {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "Logs_20140328.";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LogsService logs;

    public LogsJsonHandler(LogsService logs) {
        this.logs = logs;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        try {
            String target = request.header("x-amz-target").orElse("");
            String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
            ObjectNode in = JsonProtocol.input(request, "SerializationException");
            return JsonProtocol.response(CONTENT_TYPE, dispatch(operation, in), requestId);
        } catch (AwsServiceException error) {
            return JsonProtocol.error(error, CONTENT_TYPE, requestId);
        }
    }

    private ObjectNode dispatch(String operation, ObjectNode in) {
        ObjectNode out = NODES.objectNode();
        switch (operation) {
            case "CreateLogGroup" -> logs.createLogGroup(text(in, "logGroupName"), map(in, "tags"), text(in, "logGroupClass"));
            case "DeleteLogGroup" -> logs.deleteLogGroup(text(in, "logGroupName"));
            case "DescribeLogGroups" -> page(out, "logGroups", logs.describeLogGroups(text(in, "logGroupNamePrefix"),
                    text(in, "logGroupNamePattern")), this::group, in, 50);
            case "PutRetentionPolicy" -> logs.putRetentionPolicy(text(in, "logGroupName"), integer(in, "retentionInDays"));
            case "DeleteRetentionPolicy" -> logs.deleteRetentionPolicy(text(in, "logGroupName"));
            case "TagResource" -> logs.tagLogGroup(logs.groupNameFromArn(required(in, "resourceArn")), map(in, "tags"));
            case "UntagResource" -> logs.untagLogGroup(logs.groupNameFromArn(required(in, "resourceArn")), list(in, "tagKeys"));
            case "ListTagsForResource" -> out.set("tags", tags(logs.tags(logs.groupNameFromArn(required(in, "resourceArn")))));
            case "TagLogGroup" -> logs.tagLogGroup(text(in, "logGroupName"), map(in, "tags"));
            case "UntagLogGroup" -> logs.untagLogGroup(text(in, "logGroupName"), list(in, "tags"));
            case "ListTagsLogGroup" -> out.set("tags", tags(logs.tags(text(in, "logGroupName"))));
            case "CreateLogStream" -> logs.createLogStream(text(in, "logGroupName"), text(in, "logStreamName"));
            case "DeleteLogStream" -> logs.deleteLogStream(text(in, "logGroupName"), text(in, "logStreamName"));
            case "DescribeLogStreams" -> {
                String orderBy = text(in, "orderBy");
                if (orderBy != null && !orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
                    throw LogsErrors.constraint("orderBy", orderBy, "Member must satisfy enum value set: [LastEventTime, LogStreamName]");
                }
                page(out, "logStreams", logs.describeLogStreams(groupName(in), text(in, "logStreamNamePrefix"),
                        "LastEventTime".equals(orderBy), in.path("descending").asBoolean(false)), s -> stream(groupName(in), s), in, 50);
            }
            case "PutLogEvents" -> {
                LogsService.PutResult result = logs.putLogEvents(text(in, "logGroupName"), text(in, "logStreamName"), events(in));
                out.put("nextSequenceToken", result.nextSequenceToken());
                if (result.tooNewLogEventStartIndex() != null || result.tooOldLogEventEndIndex() != null
                        || result.expiredLogEventEndIndex() != null) {
                    ObjectNode rejected = out.putObject("rejectedLogEventsInfo");
                    putIfSet(rejected, "tooNewLogEventStartIndex", result.tooNewLogEventStartIndex());
                    putIfSet(rejected, "tooOldLogEventEndIndex", result.tooOldLogEventEndIndex());
                    putIfSet(rejected, "expiredLogEventEndIndex", result.expiredLogEventEndIndex());
                }
            }
            case "GetLogEvents" -> {
                LogsService.EventPage page = logs.getLogEvents(groupName(in), text(in, "logStreamName"), longValue(in, "startTime"),
                        longValue(in, "endTime"), text(in, "nextToken"), integer(in, "limit"), in.path("startFromHead").asBoolean(false));
                ArrayNode events = out.putArray("events");
                page.events().forEach(event -> {
                    ObjectNode node = events.addObject();
                    node.put("timestamp", event.timestamp());
                    node.put("message", event.message());
                    node.put("ingestionTime", event.ingestionTime());
                });
                out.put("nextForwardToken", page.nextForwardToken());
                out.put("nextBackwardToken", page.nextBackwardToken());
            }
            case "FilterLogEvents" -> {
                LogsService.FilterPage page = logs.filterLogEvents(groupName(in), list(in, "logStreamNames"),
                        text(in, "logStreamNamePrefix"), longValue(in, "startTime"), longValue(in, "endTime"),
                        text(in, "filterPattern"), text(in, "nextToken"), integer(in, "limit"));
                ArrayNode events = out.putArray("events");
                page.events().forEach(filtered -> {
                    ObjectNode node = events.addObject();
                    node.put("logStreamName", filtered.logStreamName());
                    node.put("timestamp", filtered.event().timestamp());
                    node.put("message", filtered.event().message());
                    node.put("ingestionTime", filtered.event().ingestionTime());
                    node.put("eventId", filtered.event().eventId());
                });
                ArrayNode searched = out.putArray("searchedLogStreams");
                page.searchedLogStreams().forEach(name -> searched.addObject().put("logStreamName", name).put("searchedCompletely", true));
                if (page.nextToken() != null) {
                    out.put("nextToken", page.nextToken());
                }
            }
            default -> throw new AwsServiceException("UnknownOperationException", 400,
                    "The operation " + operation + " is not supported by CloudWatch Logs on this endpoint.");
        }
        return out;
    }

    private ObjectNode group(LogsService.GroupView group) {
        ObjectNode node = NODES.objectNode();
        node.put("logGroupName", group.name());
        node.put("creationTime", group.creationTime());
        if (group.retentionInDays() != null) {
            node.put("retentionInDays", group.retentionInDays());
        }
        node.put("metricFilterCount", 0);
        node.put("arn", logs.groupArn(group.name()) + ":*");
        node.put("storedBytes", group.storedBytes());
        node.put("logGroupClass", group.logGroupClass());
        node.put("logGroupArn", logs.groupArn(group.name()));
        return node;
    }

    private ObjectNode stream(String groupName, LogsService.StreamView stream) {
        ObjectNode node = NODES.objectNode();
        node.put("logStreamName", stream.name());
        node.put("creationTime", stream.creationTime());
        if (stream.firstEventTimestamp() != null) {
            node.put("firstEventTimestamp", stream.firstEventTimestamp());
            node.put("lastEventTimestamp", stream.lastEventTimestamp());
            node.put("lastIngestionTime", stream.lastIngestionTime());
        }
        node.put("arn", logs.groupArn(groupName) + ":log-stream:" + stream.name());
        node.put("storedBytes", 0);
        return node;
    }

    /** {@code logGroupName}, or {@code logGroupIdentifier} (a name or an ARN), as newer clients send. */
    private String groupName(ObjectNode in) {
        String identifier = text(in, "logGroupIdentifier");
        if (identifier != null && text(in, "logGroupName") != null) {
            throw LogsErrors.invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (identifier != null) {
            return identifier.startsWith("arn:") ? logs.groupNameFromArn(identifier) : identifier;
        }
        return text(in, "logGroupName");
    }

    private static <T> void page(ObjectNode out, String name, List<T> items, Function<T, ObjectNode> render, ObjectNode in, int maxLimit) {
        Integer limit = integer(in, "limit");
        int max = limit == null ? maxLimit : limit;
        if (max < 1 || max > maxLimit) {
            throw LogsErrors.constraint("limit", max, "Member must have value less than or equal to " + maxLimit);
        }
        int from = 0;
        String token = text(in, "nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token)));
            } catch (IllegalArgumentException malformed) {
                throw LogsErrors.invalidParameter("The specified nextToken is invalid.");
            }
        }
        ArrayNode list = out.putArray(name);
        int to = Math.min(items.size(), Math.max(0, from) + max);
        for (int i = Math.max(0, from); i < to; i++) {
            list.add(render.apply(items.get(i)));
        }
        if (to < items.size()) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(to).getBytes()));
        }
    }

    private static List<LogsService.InputEvent> events(ObjectNode in) {
        JsonNode events = in.get("logEvents");
        if (events == null || events.isNull()) {
            throw LogsErrors.missing("logEvents");
        }
        List<LogsService.InputEvent> list = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.has("timestamp") || !event.get("timestamp").canConvertToLong()) {
                throw LogsErrors.missing("logEvents.member.timestamp");
            }
            if (!event.hasNonNull("message")) {
                throw LogsErrors.missing("logEvents.member.message");
            }
            list.add(new LogsService.InputEvent(event.get("timestamp").asLong(), event.get("message").asText()));
        }
        return list;
    }

    private static void putIfSet(ObjectNode node, String name, Integer value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static ObjectNode tags(Map<String, String> tags) {
        ObjectNode node = NODES.objectNode();
        tags.forEach(node::put);
        return node;
    }

    private static String text(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String required(ObjectNode in, String name) {
        String value = text(in, name);
        if (value == null) {
            throw LogsErrors.missing(name);
        }
        return value;
    }

    private static Integer integer(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isNumber()) {
            throw AwsServiceException.badRequest("SerializationException", "NUMBER_VALUE cannot be converted to Integer");
        }
        return node.asInt();
    }

    private static Long longValue(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw AwsServiceException.badRequest("SerializationException", "STRING_VALUE cannot be converted to Long");
        }
        return node.asLong();
    }

    private static Map<String, String> map(ObjectNode in, String name) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode node = in.get(name);
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        }
        return map;
    }

    private static List<String> list(ObjectNode in, String name) {
        List<String> values = new ArrayList<>();
        JsonNode node = in.get(name);
        if (node != null && node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
