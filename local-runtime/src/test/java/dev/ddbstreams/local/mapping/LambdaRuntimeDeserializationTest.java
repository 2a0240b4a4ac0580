package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The events this engine builds, read the way the Lambda Java runtime reads them (plain Jackson silently yields
 * {@code getRecords() == null}). Needs {@code aws-lambda-java-events} on the test class path, which the function
 * modules bring; the event classes are loaded by name so this module does not depend on them at compile time.
 */
class LambdaRuntimeDeserializationTest {

    private static final ObjectMapper VIEW = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static JsonNode readAsLambdaDoes(String eventClass, String payload) {
        Class<?> type;
        try {
            type = Class.forName("com.amazonaws.services.lambda.runtime.events." + eventClass);
        } catch (ClassNotFoundException e) {
            Assumptions.abort("aws-lambda-java-events is not on the test class path (test dependency of local-runtime)");
            return null;
        }
        Object event = LambdaEventSerializers.serializerFor(type, LambdaRuntimeDeserializationTest.class.getClassLoader())
                .fromJson(payload);
        return VIEW.valueToTree(event);
    }

    private static String envelope(com.fasterxml.jackson.databind.node.ObjectNode record) {
        return EventRecords.envelope(List.of(EventRecords.bytes(record)));
    }

    @Test
    void dynamoDbEvent_isReadWithItsRecordsImagesAndDates() {
        software.amazon.awssdk.services.dynamodb.model.Record record = software.amazon.awssdk.services.dynamodb.model
                .Record.builder().eventID("e").eventName(OperationType.INSERT).eventVersion("1.1")
                .dynamodb(StreamRecord.builder().keys(Map.of("id", AttributeValue.fromS("x")))
                        .newImage(Map.of("id", AttributeValue.fromS("x"), "n", AttributeValue.fromN("3"),
                                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi"))))
                        .sequenceNumber("000000000000000000001").sizeBytes(10L).streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .build();

        JsonNode event = readAsLambdaDoes("DynamodbEvent", envelope(EventRecords.dynamoDb(record, "us-east-1",
                "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x", Instant.parse("2024-05-01T10:00:17Z"))));

        JsonNode read = event.get("records").get(0);
        assertEquals("INSERT", read.get("eventName").asText());
        assertEquals("3", read.get("dynamodb").get("newImage").get("n").get("n").asText());
        assertEquals("000000000000000000001", read.get("dynamodb").get("sequenceNumber").asText());
        assertEquals(Instant.parse("2024-05-01T10:00:17Z").toEpochMilli(),
                read.get("dynamodb").get("approximateCreationDateTime").asLong());
    }

    @Test
    void kinesisEvent_isReadWithDecodedDataAndMillisecondArrival() {
        software.amazon.awssdk.services.kinesis.model.Record record = software.amazon.awssdk.services.kinesis.model.Record
                .builder().partitionKey("p").sequenceNumber("495903382714902566085596925383615710959215759891365888")
                .data(SdkBytes.fromString("hello", StandardCharsets.UTF_8)).build();

        JsonNode event = readAsLambdaDoes("KinesisEvent", envelope(EventRecords.kinesis(record, "shardId-000000000000",
                "us-east-1", "arn:aws:kinesis:us-east-1:000000000000:stream/s", "role",
                Instant.parse("2018-12-17T22:10:50.987Z"))));

        JsonNode kinesis = event.get("records").get(0).get("kinesis");
        assertEquals(Instant.parse("2018-12-17T22:10:50.987Z").toEpochMilli(),
                kinesis.get("approximateArrivalTimestamp").asLong());
        assertEquals("p", kinesis.get("partitionKey").asText());
    }

    @Test
    void sqsEvent_isReadWithAttributesAndMessageAttributes() {
        Message message = Message.builder().messageId("m").receiptHandle("r").body("b").md5OfBody("md5")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("note")
                        .build()))
                .build();

        JsonNode event = readAsLambdaDoes("SQSEvent", envelope(EventRecords.sqs(message, "us-east-1", "arn")));

        JsonNode read = event.get("records").get(0);
        assertEquals("b", read.get("body").asText());
        assertEquals("1", read.get("attributes").get("ApproximateReceiveCount").asText());
        assertEquals("note", read.get("messageAttributes").get("kind").get("stringValue").asText());
    }
}
