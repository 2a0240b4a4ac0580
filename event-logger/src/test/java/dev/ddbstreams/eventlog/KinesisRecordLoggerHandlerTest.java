package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KinesisRecordLoggerHandlerTest {

    private final CapturedLog captured = new CapturedLog();
    private final KinesisRecordLoggerHandler handler = new KinesisRecordLoggerHandler(new KinesisRecordLogger(captured.log));

    @Test
    void handleRequest_logsTheLambdaConsoleTestEvent_asText() {
        StreamsEventResponse response = handler.handleRequest(
                LambdaEvents.load("/kinesis/console-test-event.json", KinesisEvent.class), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        // The console's ARN (arn:aws:kinesis:EXAMPLE) names no stream, so there is no "stream" field.
        assertEquals(List.of(CapturedLog.parse("""
                {"level": "INFO", "logger": "CapturedLog", "message": "kinesis record",
                 "eventID": "shardId-000000000000:49545115243490985018280067714973144582180062593244200961",
                 "sequenceNumber": "49545115243490985018280067714973144582180062593244200961",
                 "shardId": "shardId-000000000000", "partitionKey": "partitionKey-03",
                 "approximateArrivalTimestamp": "2015-04-09T00:00:00Z",
                 "data": "Hello, this is a test 123.", "binary": false, "sizeBytes": 26, "truncated": false}
                """)), captured.lines());
    }

    @Test
    void handleRequest_logsText_binary_andEmptyPayloads_oneLineEach() {
        StreamsEventResponse response = handler.handleRequest(
                LambdaEvents.load("/kinesis/lab-stream-records.json", KinesisEvent.class), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        List<String> raw = captured.rawLines();
        assertEquals(4, raw.size(), "control characters in a payload must not split the log line");
        List<JsonNode> lines = captured.lines();

        assertEquals("Lab-Stream", lines.get(0).get("stream").asText());
        assertEquals("2024-05-01T10:00:00.123Z", lines.get(0).get("approximateArrivalTimestamp").asText());
        assertEquals("{\"event\":\"login\",\"user\":\"ada\"}", lines.get(0).get("data").asText());

        String text = "tab\there\nnew line \u0007bell \u0000nul \u001b[31mred\u001b[0m \"quoted\" caf\u00e9 \uD83D\uDE00";
        assertEquals(text, lines.get(1).get("data").asText());
        assertFalse(lines.get(1).get("binary").asBoolean());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, lines.get(1).get("sizeBytes").asInt());
        assertTrue(raw.get(1).contains("\\u0000nul \\u001B[31mred"), raw.get(1));
        assertTrue(raw.get(1).chars().noneMatch(c -> c < 0x20), "no raw control character in the log line");

        assertEquals(CapturedLog.parse("""
                {"data": "iVBORw0KGgoA//4=", "binary": true, "sizeBytes": 11, "truncated": false}
                """), project(lines.get(2), "data", "binary", "sizeBytes", "truncated"));
        assertEquals(CapturedLog.parse("""
                {"data": "", "binary": false, "sizeBytes": 0, "truncated": false}
                """), project(lines.get(3), "data", "binary", "sizeBytes", "truncated"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "overlong encoding of '/'         | C0AF",
            "UTF-16 surrogate encoded in UTF-8 | EDA080",
            "truncated three-byte sequence     | 41E282",
            "continuation byte alone           | 80",
            "byte never used in UTF-8          | FF",
    })
    void handleRequest_logsMalformedUtf8_asBase64Binary(String name, String hex) {
        byte[] data = java.util.HexFormat.of().parseHex(hex);
        handler.handleRequest(event(data), null);
        JsonNode line = captured.lines().get(0);
        assertTrue(line.get("binary").asBoolean(), name);
        assertArrayEquals(data, Base64.getDecoder().decode(line.get("data").asText()), name);
    }

    @Test
    void handleRequest_truncatesAHugeTextPayload_andStatesItsFullSize() {
        byte[] data = "x".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
        handler.handleRequest(event(data), null);
        JsonNode line = captured.lines().get(0);
        assertEquals(KinesisRecordLogger.MAX_LOGGED_BYTES, line.get("data").asText().length());
        assertTrue(line.get("truncated").asBoolean());
        assertEquals(1024 * 1024, line.get("sizeBytes").asInt());
        assertTrue(captured.text().length() < 10_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two-byte characters ending on the limit    | ''  | \u00e9                 | 8192",
            "two-byte characters crossing the limit     | a   | \u00e9                 | 8191",
            "four-byte characters ending on the limit   | ''  | \uD83D\uDE00           | 8192",
            "four-byte characters crossing the limit    | ab  | \uD83D\uDE00           | 8190",
    })
    void handleRequest_cutsTruncatedText_atACodePointBoundary(String name, String prefix, String repeated, int expectedBytes) {
        String text = prefix + repeated.repeat(5000);
        handler.handleRequest(event(text.getBytes(StandardCharsets.UTF_8)), null);
        String logged = captured.lines().get(0).get("data").asText();
        assertEquals(expectedBytes, logged.getBytes(StandardCharsets.UTF_8).length, name);
        assertTrue(text.startsWith(logged), name);
    }

    @Test
    void handleRequest_truncatesAHugeBinaryPayload_toItsFirstBytes() {
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(data);
        data[0] = (byte) 0xFF;
        handler.handleRequest(event(data), null);
        JsonNode line = captured.lines().get(0);
        assertTrue(line.get("binary").asBoolean());
        assertTrue(line.get("truncated").asBoolean());
        assertEquals(data.length, line.get("sizeBytes").asInt());
        assertArrayEquals(Arrays.copyOf(data, KinesisRecordLogger.MAX_LOGGED_BYTES),
                Base64.getDecoder().decode(line.get("data").asText()));
    }

    @Test
    void handleRequest_reportsARecordWithoutData_afterLoggingTheOnesBeforeIt() {
        KinesisEvent event = LambdaEvents.fromJson("""
                {"Records": [
                  %s,
                  {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "p", "sequenceNumber": "2",
                               "approximateArrivalTimestamp": 1714557600},
                   "eventSource": "aws:kinesis", "eventID": "shardId-000000000000:2", "eventName": "aws:kinesis:record",
                   "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/Lab-Stream"},
                  %s
                ]}
                """.formatted(record("1", "b2s="), record("3", "b2s=")), KinesisEvent.class);
        StreamsEventResponse response = handler.handleRequest(event, null);
        assertEquals(List.of("2"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(1, captured.rawLines().size());
    }

    @Test
    void handleRequest_reportsANullIdentifier_forARecordWithoutKinesisSection() {
        KinesisEvent event = LambdaEvents.fromJson("""
                {"Records": [{"eventSource": "aws:kinesis", "eventID": "shardId-000000000000:1"}]}
                """, KinesisEvent.class);
        StreamsEventResponse response = handler.handleRequest(event, null);
        assertNull(response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    private static KinesisEvent event(byte[] data) {
        return LambdaEvents.fromJson("{\"Records\": [" + record("1", Base64.getEncoder().encodeToString(data)) + "]}",
                KinesisEvent.class);
    }

    private static String record(String sequenceNumber, String base64) {
        return """
                {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "p", "sequenceNumber": "%s",
                             "data": "%s", "approximateArrivalTimestamp": 1714557600},
                 "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": "shardId-000000000000:%s",
                 "eventName": "aws:kinesis:record", "awsRegion": "us-east-1",
                 "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/Lab-Stream"}
                """.formatted(sequenceNumber, base64, sequenceNumber);
    }

    private static JsonNode project(JsonNode line, String... fields) {
        var node = CapturedLog.JSON.createObjectNode();
        for (String field : fields) {
            node.set(field, line.get(field));
        }
        return node;
    }
}
