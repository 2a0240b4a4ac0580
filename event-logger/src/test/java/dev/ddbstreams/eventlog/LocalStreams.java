package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a DynamoDB Local stream from its beginning and turns the records into the event Lambda would
 * deliver (AWS's JSON shape, read back through the Lambda runtime's own deserialiser).
 */
final class LocalStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalStreams() {
    }

    static List<Record> readAll(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(page.records());
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }

    static DynamodbEvent event(List<Record> records, String streamArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            ObjectNode json = array.addObject();
            json.put("eventID", record.eventID());
            json.put("eventName", record.eventNameAsString());
            json.put("eventVersion", record.eventVersion());
            json.put("eventSource", "aws:dynamodb");
            json.put("awsRegion", "us-east-1");
            ObjectNode dynamodb = json.putObject("dynamodb");
            dynamodb.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
            dynamodb.set("Keys", image(record.dynamodb().keys()));
            if (record.dynamodb().hasNewImage()) {
                dynamodb.set("NewImage", image(record.dynamodb().newImage()));
            }
            if (record.dynamodb().hasOldImage()) {
                dynamodb.set("OldImage", image(record.dynamodb().oldImage()));
            }
            dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
            dynamodb.put("SizeBytes", record.dynamodb().sizeBytes());
            dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
            json.put("eventSourceARN", streamArn);
        }
        return LambdaEvents.fromJson(event.toString(), DynamodbEvent.class);
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.createObjectNode();
        item.forEach((name, value) -> json.set(name, attribute(value)));
        return json;
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode json = JSON.createObjectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> json.withArray("BS").add(base64(b)));
            case L -> value.l().forEach(v -> json.withArray("L").add(attribute(v)));
            case M -> json.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
