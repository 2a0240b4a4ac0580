package dev.ddbstreams.wordcount;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Test plumbing for the ITs: SDK clients for the embedded emulators, the {@code notes} table with its
 * stream, and the conversion of what the emulators return into the events Lambda would deliver (AWS's
 * JSON shapes, read back through the Lambda runtime's own deserialiser).
 */
final class LocalAws {

    static final Region REGION = Region.EU_CENTRAL_1;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalAws() {
    }

    static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static DynamoDbStreamsClient streams(URI endpoint) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Creates a table shaped like {@code notes} (pk {@code id} S, NEW_IMAGE stream) and returns its stream ARN. */
    static String createNotesTable(DynamoDbClient dynamoDb, String tableName) {
        return dynamoDb.createTable(b -> b.tableName(tableName)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE).build()))
                .tableDescription().latestStreamArn();
    }

    /** Reads a stream from its beginning, returning on each call the records written since the last one. */
    static final class StreamTail {

        private final DynamoDbStreamsClient streams;
        private final String streamArn;
        private static final String CLOSED = "";
        private final Map<String, String> iterators = new HashMap<>();

        StreamTail(DynamoDbStreamsClient streams, String streamArn) {
            this.streams = streams;
            this.streamArn = streamArn;
        }

        List<Record> readNew() {
            List<Record> records = new ArrayList<>();
            for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                String iterator = iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(b -> b
                        .streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
                while (!iterator.equals(CLOSED)) {
                    GetRecordsResponse page = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
                    records.addAll(page.records());
                    iterator = page.nextShardIterator() == null ? CLOSED : page.nextShardIterator();
                    iterators.put(shard.shardId(), iterator);
                    if (page.records().isEmpty()) {
                        break;
                    }
                }
            }
            return records;
        }
    }

    /** The DynamoDB stream event Lambda would deliver for {@code records}. */
    static DynamodbEvent dynamodbEvent(List<Record> records, String streamArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            ObjectNode json = array.addObject();
            json.put("eventID", record.eventID());
            json.put("eventName", record.eventNameAsString());
            json.put("eventVersion", record.eventVersion());
            json.put("eventSource", "aws:dynamodb");
            json.put("awsRegion", REGION.id());
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

    /** The SQS event Lambda would deliver for {@code messages} received from the queue {@code queueArn}. */
    static SQSEvent sqsEvent(List<Message> messages, String queueArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode json = array.addObject();
            json.put("messageId", message.messageId());
            json.put("receiptHandle", message.receiptHandle());
            json.put("body", message.body());
            ObjectNode attributes = json.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            json.putObject("messageAttributes");
            json.put("md5OfBody", message.md5OfBody());
            json.put("eventSource", "aws:sqs");
            json.put("eventSourceARN", queueArn);
            json.put("awsRegion", REGION.id());
        }
        return LambdaEvents.fromJson(event.toString(), SQSEvent.class);
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
