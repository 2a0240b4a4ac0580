package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds event records in the exact JSON shapes Lambda sends, and the event envelope {@code {"Records":[…]}}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">DynamoDB event</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html">Kinesis event</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">SQS event</a>
 */
final class EventRecords {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    /** Lambda's invocation payload limit for synchronous invocations (6 MB). */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final byte[] PREFIX = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.UTF_8);
    /** Bytes the envelope adds around the records. */
    static final int ENVELOPE_BYTES = PREFIX.length + SUFFIX.length;

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private EventRecords() {
    }

    /** {@code {"Records":[r1,r2,…]}} from records already serialised. */
    static String envelope(List<byte[]> records) {
        int size = ENVELOPE_BYTES;
        for (byte[] record : records) {
            size += record.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(PREFIX);
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(records.get(i));
        }
        out.writeBytes(SUFFIX);
        return out.toString(StandardCharsets.UTF_8);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an event record", e);
        }
    }

    /**
     * A DynamoDB Streams record as Lambda delivers it. {@code awsRegion} is the runtime's region (Lambda puts the
     * function's region there); {@code ApproximateCreationDateTime} is {@code arrival} in whole epoch seconds.
     */
    static ObjectNode dynamoDb(Record record, String region, String streamArn, Instant arrival) {
        ObjectNode node = NODES.objectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", region);
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", arrival.getEpochSecond());
        dynamodb.set("Keys", item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes() == null ? 0L : change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        Identity identity = record.userIdentity();
        if (identity != null) {
            // Present on deletions by TTL: {"type":"Service","principalId":"dynamodb.amazonaws.com"}.
            ObjectNode user = node.putObject("userIdentity");
            user.put("type", identity.type());
            user.put("principalId", identity.principalId());
        }
        node.put("eventSourceARN", streamArn);
        return node;
    }

    /** An item (or key) in DynamoDB JSON: {@code {"name":{"S":"…"}, …}}. */
    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        if (item != null) {
            item.forEach((name, value) -> node.set(name, attributeValue(value)));
        }
        return node;
    }

    /** One attribute value in DynamoDB JSON; binary values are base64, as in the Lambda event. */
    static ObjectNode attributeValue(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> {
                ArrayNode list = node.putArray("SS");
                value.ss().forEach(list::add);
            }
            case NS -> {
                ArrayNode list = node.putArray("NS");
                value.ns().forEach(list::add);
            }
            case BS -> {
                ArrayNode list = node.putArray("BS");
                value.bs().forEach(bytes -> list.add(base64(bytes)));
            }
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(attributeValue(element)));
            }
            default -> throw new IllegalArgumentException("Unsupported attribute value type " + value.type());
        }
        return node;
    }

    /** A Kinesis record as Lambda delivers it. */
    static ObjectNode kinesis(software.amazon.awssdk.services.kinesis.model.Record record, String shardId,
            String region, String streamArn, String invokeIdentityArn, Instant arrival) {
        ObjectNode node = NODES.objectNode();
        ObjectNode kinesis = node.putObject("kinesis");
        kinesis.put("kinesisSchemaVersion", "1.0");
        kinesis.put("partitionKey", record.partitionKey());
        kinesis.put("sequenceNumber", record.sequenceNumber());
        kinesis.put("data", base64(record.data()));
        kinesis.put("approximateArrivalTimestamp", epochSecondsWithMillis(arrival));
        node.put("eventSource", "aws:kinesis");
        node.put("eventVersion", "1.0");
        node.put("eventID", shardId + ":" + record.sequenceNumber());
        node.put("eventName", "aws:kinesis:record");
        node.put("invokeIdentityArn", invokeIdentityArn);
        node.put("awsRegion", region);
        node.put("eventSourceARN", streamArn);
        return node;
    }

    /**
     * What a Kinesis filter sees: the record with {@code data} decoded and parsed as JSON when it is JSON (Lambda
     * filters Kinesis records on {@code data}), else as the decoded text.
     */
    static JsonNode kinesisFilterView(ObjectNode record) {
        ObjectNode view = record.deepCopy();
        String data = record.path("kinesis").path("data").asText("");
        String text;
        try {
            text = new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = data;
        }
        view.set("data", parseOrText(text));
        return view;
    }

    /** What an SQS filter sees: the record with {@code body} parsed as JSON when it is JSON, else the text. */
    static JsonNode sqsFilterView(ObjectNode record) {
        ObjectNode view = record.deepCopy();
        view.set("body", parseOrText(record.path("body").asText("")));
        return view;
    }

    private static JsonNode parseOrText(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? NODES.textNode(text) : parsed;
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }

    /** The attributes Lambda lists first, in its order; any others SQS returns follow. */
    private static final List<String> SQS_ATTRIBUTE_ORDER = List.of("ApproximateReceiveCount", "SentTimestamp",
            "SenderId", "ApproximateFirstReceiveTimestamp");

    /** An SQS message as Lambda delivers it. */
    static ObjectNode sqs(Message message, String region, String queueArn) {
        ObjectNode node = NODES.objectNode();
        node.put("messageId", message.messageId());
        node.put("receiptHandle", message.receiptHandle());
        node.put("body", message.body());
        ObjectNode attributes = node.putObject("attributes");
        Map<String, String> system = new LinkedHashMap<>(message.attributesAsStrings());
        for (String name : SQS_ATTRIBUTE_ORDER) {
            String value = system.remove(name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        system.keySet().stream().sorted().forEach(name -> attributes.put(name, system.get(name)));
        ObjectNode messageAttributes = node.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
        node.put("md5OfBody", message.md5OfBody());
        if (message.md5OfMessageAttributes() != null) {
            node.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        }
        node.put("eventSource", "aws:sqs");
        node.put("eventSourceARN", queueArn);
        node.put("awsRegion", region);
        return node;
    }

    /** Lambda's shape: {@code {"stringValue","binaryValue","stringListValues":[],"binaryListValues":[],"dataType"}}. */
    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode node = NODES.objectNode();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", base64(value.binaryValue()));
        }
        ArrayNode strings = node.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = node.putArray("binaryListValues");
        value.binaryListValues().forEach(bytes -> binaries.add(base64(bytes)));
        node.put("dataType", value.dataType());
        return node;
    }

    /**
     * The record Lambda sends to a stream mapping's on-failure destination: metadata describing the records given
     * up on, not the records.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">DynamoDB on-failure record</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html">Kinesis on-failure record</a>
     */
    static ObjectNode onFailure(OnFailure failure) {
        ObjectNode node = NODES.objectNode();
        ObjectNode request = node.putObject("requestContext");
        request.put("requestId", failure.requestId());
        request.put("functionArn", failure.functionArn());
        request.put("condition", failure.condition());
        request.put("approximateInvokeCount", failure.approximateInvokeCount());
        ObjectNode response = node.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", executedVersion(failure.functionArn()));
        response.put("functionError", "Unhandled");
        node.put("version", "1.0");
        node.put("timestamp", MILLIS.format(failure.timestamp()));
        ObjectNode info = node.putObject(failure.kinesis() ? "KinesisBatchInfo" : "DDBStreamBatchInfo");
        info.put("shardId", failure.shardId());
        info.put("startSequenceNumber", failure.startSequenceNumber());
        info.put("endSequenceNumber", failure.endSequenceNumber());
        // DynamoDB's arrival times have whole seconds, Kinesis's milliseconds: AWS's records show them so.
        DateTimeFormatter arrival = failure.kinesis() ? MILLIS : SECONDS;
        info.put("approximateArrivalOfFirstRecord", arrival.format(failure.firstArrival()));
        info.put("approximateArrivalOfLastRecord", arrival.format(failure.lastArrival()));
        info.put("batchSize", failure.batchSize());
        info.put("streamArn", failure.streamArn());
        return node;
    }

    /**
     * The version a mapping invoked, from the ARN it invokes: {@code arn:aws:lambda:<region>:<account>:function:<name>}
     * ran {@code $LATEST}; {@code ...:<name>:<version>} (a mapping through a version, or an alias resolved to its version) ran that version.
     */
    static String executedVersion(String functionArn) {
        String[] parts = functionArn == null ? new String[0] : functionArn.split(":");
        return parts.length > 7 ? parts[7] : "$LATEST";
    }

    /** The facts of one on-failure record. */
    record OnFailure(String requestId, String functionArn, String condition, int approximateInvokeCount,
            Instant timestamp, boolean kinesis, String shardId, String startSequenceNumber, String endSequenceNumber,
            Instant firstArrival, Instant lastArrival, int batchSize, String streamArn) {
    }

    private static BigDecimal epochSecondsWithMillis(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static String base64(SdkBytes bytes) {
        return BASE64.encodeToString(bytes.asByteArrayUnsafe());
    }
}
