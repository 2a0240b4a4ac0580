package dev.ddbstreams.eventlog;

import static dev.ddbstreams.eventlog.StreamRecordJson.dynamodb;
import static dev.ddbstreams.eventlog.StreamRecordJson.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageEchoHandlerTest {

    private final CapturedLog captured = new CapturedLog();
    private final ImageEchoHandler handler = new ImageEchoHandler(new ImageEchoLogger(captured.log));

    @Test
    void handleRequest_logsNewImages_andTheKeysOfARemove() {
        StreamsEventResponse response = handle("/dynamodb/store-orders-new-image.json");

        assertTrue(response.getBatchItemFailures().isEmpty());
        List<JsonNode> lines = captured.lines();
        assertEquals(CapturedLog.parse("""
                {"level": "INFO", "logger": "CapturedLog", "message": "new image",
                 "eventName": "INSERT", "eventID": "4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a",
                 "sequenceNumber": "300000000000000000001", "table": "StoreOrders",
                 "streamLabel": "2024-05-01T10:00:00.000", "approximateCreationDateTime": "2024-05-01T10:00:00Z",
                 "keys": {"id": "order-1"},
                 "newImage": {"id": "order-1", "item": "coffee", "price": 3.10, "quantity": 2}}
                """), lines.get(0));
        assertEquals("MODIFY", lines.get(1).get("eventName").asText());
        assertEquals(3, lines.get(1).get("newImage").get("quantity").asInt());
        assertEquals(CapturedLog.parse("""
                {"level": "INFO", "logger": "CapturedLog", "message": "item removed",
                 "eventName": "REMOVE", "eventID": "6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
                 "sequenceNumber": "300000000000000000003", "table": "StoreOrders",
                 "streamLabel": "2024-05-01T10:00:00.000", "approximateCreationDateTime": "2024-05-01T10:00:00Z",
                 "keys": {"id": "order-1"}}
                """), lines.get(2));
        // 3.10 stays 3.10: the digits DynamoDB stored, not a double's rendering.
        assertTrue(captured.rawLines().get(0).contains("\"price\":3.10,"), captured.rawLines().get(0));
    }

    @Test
    void handleRequest_rendersEveryAttributeTypeAsAPlainJsonValue() {
        handle("/dynamodb/store-orders-every-type.json");
        String line = captured.rawLines().get(0);
        String image = line.substring(line.indexOf("\"newImage\":") + "\"newImage\":".length(), line.length() - 1);
        assertEquals("{"
                + "\"big\":12345678901234567890123456789012345678,"
                + "\"blob\":\"3q2+7w==\","
                + "\"blobs\":[\"AAE=\",\"/w==\"],"
                + "\"flag\":false,"
                + "\"huge\":9.9999999999999999999999999999999999999E+125,"
                + "\"id\":\"all-types\","
                + "\"nested\":{\"empty\":[],\"list\":[1,\"two\",{\"deep\":true}]},"
                + "\"nothing\":null,"
                + "\"price\":3.10,"
                + "\"scores\":[1,2.5,-3],"
                + "\"tags\":[\"a\",\"b\"],"
                + "\"text\":\"line 1\\nline \\\"2\\\"\\u0000\","
                + "\"tiny\":-0.00000000000000000000000000000000000001"
                + "}", image);
        assertEquals(1, captured.rawLines().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "INSERT without NewImage | INSERT | {\"id\":{\"S\":\"o\"}} | ",
            "no Keys                 | INSERT |                        | {\"id\":{\"S\":\"o\"}}",
            "empty Keys              | MODIFY | {}                     | {\"id\":{\"S\":\"o\"}}",
            "no attribute type       | INSERT | {\"id\":{\"S\":\"o\"}} | {\"id\":{\"S\":\"o\"},\"x\":{}}",
            "N that is not a number  | INSERT | {\"id\":{\"S\":\"o\"}} | {\"id\":{\"S\":\"o\"},\"x\":{\"N\":\"12abc\"}}",
            "N that is NaN           | INSERT | {\"id\":{\"S\":\"o\"}} | {\"id\":{\"S\":\"o\"},\"x\":{\"L\":[{\"N\":\"NaN\"}]}}",
            "null attribute          | INSERT | {\"id\":{\"S\":\"o\"}} | {\"id\":{\"S\":\"o\"},\"x\":null}",
    })
    void handleRequest_reportsAMalformedRecord_byItsSequenceNumber(String name, String eventName, String keys,
            String newImage) {
        DynamodbEvent event = LambdaEvents.fromJson(event(eventName, dynamodb(keys, newImage, null), "StoreOrders"),
                DynamodbEvent.class);
        StreamsEventResponse response = handler.handleRequest(event, null);
        assertEquals(List.of("900"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList(), name);
        assertTrue(captured.text().isEmpty(), name);
    }

    @Test
    void handleRequest_acceptsNumbersJsonWouldNotAllow_writingTheirValue() {
        handler.handleRequest(LambdaEvents.fromJson(event("INSERT", dynamodb("{\"id\":{\"S\":\"o\"}}",
                "{\"id\":{\"S\":\"o\"},\"a\":{\"N\":\"+1\"},\"b\":{\"N\":\".5\"},\"c\":{\"N\":\"007\"}}", null),
                "StoreOrders"), DynamodbEvent.class), null);
        assertTrue(captured.text().contains("\"newImage\":{\"a\":1,\"b\":0.5,\"c\":7,\"id\":\"o\"}"), captured.text());
    }

    private StreamsEventResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.load(fixture, DynamodbEvent.class), null);
    }
}
