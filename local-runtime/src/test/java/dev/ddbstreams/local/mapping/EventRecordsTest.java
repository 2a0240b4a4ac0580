package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class EventRecordsTest {

    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/Users/stream/2024-01-01T00:00:00.000";

    @Test
    void dynamoDbRecord_hasLambdasShape_withEveryAttributeTypeInDynamoDbJson() {
        Map<String, AttributeValue> image = Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("12.5"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromBool(true))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("one"), AttributeValue.fromNul(true))),
                "nul", AttributeValue.fromNul(true),
                "bool", AttributeValue.fromBool(false));
        Record record = Record.builder().eventID("e-1").eventName(OperationType.MODIFY).eventVersion("1.1")
                .eventSource("aws:dynamodb").awsRegion("eu-west-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.parse("2024-05-01T10:00:00Z"))
                        .keys(Map.of("id", AttributeValue.fromS("u-1"))).newImage(image)
                        .oldImage(Map.of("id", AttributeValue.fromS("u-1"))).sequenceNumber("000000000000000000042")
                        .sizeBytes(123L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();

        ObjectNode json = EventRecords.dynamoDb(record, "us-east-1", STREAM, Instant.parse("2024-05-01T10:00:17.250Z"));

        assertEquals(List.of("eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb",
                "eventSourceARN"), fieldNames(json));
        assertEquals("MODIFY", json.get("eventName").asText());
        assertEquals("1.1", json.get("eventVersion").asText());
        assertEquals("aws:dynamodb", json.get("eventSource").asText());
        assertEquals("us-east-1", json.get("awsRegion").asText(), "the runtime's region, not the one in the stream record");
        assertEquals(STREAM, json.get("eventSourceARN").asText());
        JsonNode dynamodb = json.get("dynamodb");
        assertEquals(List.of("ApproximateCreationDateTime", "Keys", "NewImage", "OldImage", "SequenceNumber",
                "SizeBytes", "StreamViewType"), fieldNames(dynamodb));
        assertTrue(dynamodb.get("ApproximateCreationDateTime").isIntegralNumber());
        assertEquals(Instant.parse("2024-05-01T10:00:17Z").getEpochSecond(),
                dynamodb.get("ApproximateCreationDateTime").asLong());
        assertEquals("000000000000000000042", dynamodb.get("SequenceNumber").asText());
        assertEquals(123, dynamodb.get("SizeBytes").asInt());
        assertEquals("NEW_AND_OLD_IMAGES", dynamodb.get("StreamViewType").asText());
        JsonNode newImage = dynamodb.get("NewImage");
        assertEquals(Fixtures.json("{\"S\":\"text\"}"), newImage.get("s"));
        assertEquals(Fixtures.json("{\"N\":\"12.5\"}"), newImage.get("n"));
        assertEquals(Fixtures.json("{\"B\":\"aGk=\"}"), newImage.get("b"));
        assertEquals(Fixtures.json("{\"SS\":[\"a\",\"b\"]}"), newImage.get("ss"));
        assertEquals(Fixtures.json("{\"NS\":[\"1\",\"2\"]}"), newImage.get("ns"));
        assertEquals(Fixtures.json("{\"BS\":[\"eA==\"]}"), newImage.get("bs"));
        assertEquals(Fixtures.json("{\"M\":{\"inner\":{\"BOOL\":true}}}"), newImage.get("m"));
        assertEquals(Fixtures.json("{\"L\":[{\"S\":\"one\"},{\"NULL\":true}]}"), newImage.get("l"));
        assertEquals(Fixtures.json("{\"NULL\":true}"), newImage.get("nul"));
        assertEquals(Fixtures.json("{\"BOOL\":false}"), newImage.get("bool"));
    }

    @Test
    void removeRecord_carriesKeysAndOldImageOnly_andTtlDeletionsCarryTheServiceIdentity() {
        Record record = Record.builder().eventID("e-2").eventName(OperationType.REMOVE).eventVersion("1.1")
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
                .dynamodb(StreamRecord.builder().keys(Map.of("id", AttributeValue.fromS("u-1")))
                        .oldImage(Map.of("id", AttributeValue.fromS("u-1"))).sequenceNumber("7").sizeBytes(9L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();

        ObjectNode json = EventRecords.dynamoDb(record, "us-east-1", STREAM, Instant.EPOCH);

        assertFalse(json.get("dynamodb").has("NewImage"));
        assertTrue(json.get("dynamodb").has("OldImage"));
        assertEquals("Service", json.get("userIdentity").get("type").asText());
        assertEquals("dynamodb.amazonaws.com", json.get("userIdentity").get("principalId").asText());
    }

    @Test
    void kinesisRecord_hasLambdasShape_withBase64DataAndMillisecondArrival() {
        software.amazon.awssdk.services.kinesis.model.Record record = software.amazon.awssdk.services.kinesis.model.Record
                .builder().partitionKey("pk-1").sequenceNumber("49590338271490256608559692538361571095921575989136588898")
                .data(SdkBytes.fromString("hello", StandardCharsets.UTF_8)).build();

        ObjectNode json = EventRecords.kinesis(record, "shardId-000000000000", "us-east-1",
                "arn:aws:kinesis:us-east-1:000000000000:stream/Lab-Stream", "arn:aws:iam::000000000000:role/fn-role",
                Instant.parse("2018-12-17T22:10:50.987Z"));

        ObjectNode expected = Fixtures.record("kinesis-record.json");
        assertEquals(fieldNames(expected), fieldNames(json));
        assertEquals(fieldNames(expected.get("kinesis")), fieldNames(json.get("kinesis")));
        assertEquals("1.0", json.get("kinesis").get("kinesisSchemaVersion").asText());
        assertEquals("aGVsbG8=", json.get("kinesis").get("data").asText());
        assertEquals("1545084650.987", json.get("kinesis").get("approximateArrivalTimestamp").asText());
        assertEquals("shardId-000000000000:49590338271490256608559692538361571095921575989136588898",
                json.get("eventID").asText());
        assertEquals("aws:kinesis:record", json.get("eventName").asText());
        assertEquals("aws:kinesis", json.get("eventSource").asText());
        assertEquals("1.0", json.get("eventVersion").asText());
    }

    @Test
    void sqsRecord_hasLambdasShape_withMessageAttributesInLambdasForm() {
        Message message = Message.builder().messageId("m-1").receiptHandle("rh-1").body("{\"a\":1}").md5OfBody("md5")
                .md5OfMessageAttributes("md5attrs")
                .attributes(Map.of(MessageSystemAttributeName.SENDER_ID, "sender",
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1545082649185",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1545082649183"))
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("note").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("hi")).build()))
                .build();

        ObjectNode json = EventRecords.sqs(message, "us-east-1", "arn:aws:sqs:us-east-1:000000000000:word-count");

        assertEquals(List.of("messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
                "md5OfMessageAttributes", "eventSource", "eventSourceARN", "awsRegion"), fieldNames(json));
        assertEquals(List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"),
                fieldNames(json.get("attributes")));
        assertEquals(Fixtures.json("{\"stringValue\":\"note\",\"stringListValues\":[],\"binaryListValues\":[],"
                + "\"dataType\":\"String\"}"), json.get("messageAttributes").get("kind"));
        assertEquals(Fixtures.json("{\"binaryValue\":\"aGk=\",\"stringListValues\":[],\"binaryListValues\":[],"
                + "\"dataType\":\"Binary\"}"), json.get("messageAttributes").get("blob"));
        assertEquals("aws:sqs", json.get("eventSource").asText());
    }

    @Test
    void onFailureRecord_forDynamoDb_hasAwsShape_withWholeSecondArrivals() {
        ObjectNode json = EventRecords.onFailure(new EventRecords.OnFailure("req-1",
                "arn:aws:lambda:us-east-1:000000000000:function:fn", "RetryAttemptsExhausted", 3,
                Instant.parse("2019-11-14T00:13:49.717Z"), false, "shardId-1", "100", "105",
                Instant.parse("2019-11-14T00:13:19.400Z"), Instant.parse("2019-11-14T00:13:21Z"), 6, STREAM));

        assertEquals(Fixtures.json("""
                {"requestContext":{"requestId":"req-1","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:fn",
                 "condition":"RetryAttemptsExhausted","approximateInvokeCount":3},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2019-11-14T00:13:49.717Z",
                 "DDBStreamBatchInfo":{"shardId":"shardId-1","startSequenceNumber":"100","endSequenceNumber":"105",
                 "approximateArrivalOfFirstRecord":"2019-11-14T00:13:19Z","approximateArrivalOfLastRecord":"2019-11-14T00:13:21Z",
                 "batchSize":6,"streamArn":"%s"}}""".formatted(STREAM)), json);
    }

    /** A mapping through a version (or an alias, resolved to its version) names that version as executedVersion. */
    @Test
    void onFailureRecord_ofAMappingToAVersion_namesTheVersionThatRan() {
        ObjectNode json = EventRecords.onFailure(new EventRecords.OnFailure("req-3",
                "arn:aws:lambda:us-east-1:000000000000:function:fn:3", "RetryAttemptsExhausted", 1,
                Instant.parse("2019-11-14T00:13:49.717Z"), false, "shardId-1", "100", "100",
                Instant.parse("2019-11-14T00:13:19Z"), Instant.parse("2019-11-14T00:13:19Z"), 1, STREAM));

        assertEquals("3", json.get("responseContext").get("executedVersion").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:fn:3", json.get("requestContext").get("functionArn").asText());
    }

    @Test
    void onFailureRecord_forKinesis_usesKinesisBatchInfo_withMillisecondArrivals() {
        ObjectNode json = EventRecords.onFailure(new EventRecords.OnFailure("req-2", "fn-arn", "RecordAgeExceeded", 0,
                Instant.parse("2019-11-14T00:38:06.021Z"), true, "shardId-000000000001", "1", "2",
                Instant.parse("2019-11-14T00:38:04.835Z"), Instant.parse("2019-11-14T00:38:05.580Z"), 2,
                "arn:aws:kinesis:us-east-1:000000000000:stream/Lab-Stream"));

        assertFalse(json.has("DDBStreamBatchInfo"));
        JsonNode info = json.get("KinesisBatchInfo");
        assertEquals("2019-11-14T00:38:04.835Z", info.get("approximateArrivalOfFirstRecord").asText());
        assertEquals("2019-11-14T00:38:05.580Z", info.get("approximateArrivalOfLastRecord").asText());
        assertEquals("RecordAgeExceeded", json.get("requestContext").get("condition").asText());
        assertEquals(0, json.get("requestContext").get("approximateInvokeCount").asInt());
    }

    @Test
    void envelope_wrapsSerialisedRecordsInRecords() {
        String payload = EventRecords.envelope(List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"b\":2}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"Records\":[{\"a\":1},{\"b\":2}]}", payload);
        assertEquals("{\"Records\":[]}", EventRecords.envelope(List.of()));
    }


    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
