package dev.ddbstreams.scores;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB Local stream from where it last stopped and renders each record as the JSON a
 * Lambda function receives (DESIGN.md section 5), so the handler sees the real keys, images and sequence
 * numbers of real writes. Survives an emulator restart: it resumes after the last sequence number read.
 */
final class StreamTail {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String table;
    private final Map<String, String> lastSequenceByShard = new HashMap<>();

    StreamTail(String table) {
        this.table = table;
    }

    /** @return every record written since the previous call, in stream order per shard, as Lambda JSON */
    List<Map<String, Object>> poll(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams) {
        String streamArn = dynamoDb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<Map<String, Object>> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String last = lastSequenceByShard.get(shard.shardId());
            String iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId());
                if (last == null) {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
                }
            }).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                if (page.records().isEmpty()) {
                    break;
                }
                for (Record record : page.records()) {
                    records.add(lambdaShape(record, streamArn));
                    lastSequenceByShard.put(shard.shardId(), record.dynamodb().sequenceNumber());
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    /** Renders records as a Lambda DynamoDB event's JSON. */
    static String eventJson(List<Map<String, Object>> records) {
        try {
            return JSON.writeValueAsString(Map.of("Records", records));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static String sequenceNumber(Map<String, Object> record) {
        return (String) ((Map<String, Object>) record.get("dynamodb")).get("SequenceNumber");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> keys(Map<String, Object> record) {
        return (Map<String, Object>) ((Map<String, Object>) record.get("dynamodb")).get("Keys");
    }

    private static Map<String, Object> lambdaShape(Record record, String streamArn) {
        StreamRecord change = record.dynamodb();
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        dynamodb.put("Keys", image(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.put("NewImage", image(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.put("OldImage", image(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion());
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", "us-east-1");
        json.put("dynamodb", dynamodb);
        json.put("eventSourceARN", streamArn);
        return json;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> image) {
        Map<String, Object> json = new LinkedHashMap<>();
        image.forEach((name, value) -> json.put(name, value(value)));
        return json;
    }

    private static Map<String, Object> value(AttributeValue value) {
        return switch (value.type()) {
            case S -> Map.of("S", value.s());
            case N -> Map.of("N", value.n());
            case B -> Map.of("B", base64(value.b()));
            case BOOL -> Map.of("BOOL", value.bool());
            case NUL -> Map.of("NULL", true);
            case SS -> Map.of("SS", value.ss());
            case NS -> Map.of("NS", value.ns());
            case BS -> Map.of("BS", value.bs().stream().map(StreamTail::base64).toList());
            case M -> Map.of("M", image(value.m()));
            case L -> Map.of("L", value.l().stream().map(StreamTail::value).toList());
            default -> throw new IllegalArgumentException("Unknown attribute type in " + value);
        };
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
