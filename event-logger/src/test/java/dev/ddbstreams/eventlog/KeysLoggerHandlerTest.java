package dev.ddbstreams.eventlog;

import static dev.ddbstreams.eventlog.StreamRecordJson.dynamodb;
import static dev.ddbstreams.eventlog.StreamRecordJson.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysLoggerHandlerTest {

    private final CapturedLog captured = new CapturedLog();
    private final KeysLoggerHandler handler = new KeysLoggerHandler(new KeysLogger(captured.log));

    @Test
    void handleRequest_logsTheKeysOfTheSeedSampleEvent() {
        // The sample event printed in seed 001, verbatim except for one fix: the seed has a trailing comma
        // after the "Id" key ("Id":{"N":"1"},}), which is not JSON; the fixture drops it.
        StreamsEventResponse response = handler.handleRequest(
                LambdaEvents.load("/dynamodb/orders-keys-only-seed.json", DynamodbEvent.class), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(List.of(CapturedLog.parse("""
                {"level": "INFO", "logger": "CapturedLog", "message": "stream record keys",
                 "eventName": "INSERT", "eventID": "123a34bcdefgh56ij7890k12l34567",
                 "sequenceNumber": "123456789012345678901", "table": "Orders",
                 "streamLabel": "2019-01-01T00:00:00.000", "approximateCreationDateTime": "2019-04-18T02:45:11Z",
                 "keys": {"Amount": 1000, "Id": 1}}
                """)), captured.lines());
        assertTrue(captured.text().contains("\"keys\":{\"Amount\":1000,\"Id\":1}"), captured.text());
    }

    @Test
    void handleRequest_logsNumbersWithEveryDigit() {
        handler.handleRequest(LambdaEvents.load("/dynamodb/orders-keys-only-batch.json", DynamodbEvent.class), null);
        assertTrue(captured.text().contains("\"keys\":{\"Amount\":12345678901234567890123456789012345678,\"Id\":2}"),
                captured.text());
    }

    @Test
    void handleRequest_reportsARecordWithoutKeys_afterLoggingTheRecordsBeforeIt() {
        StreamsEventResponse response = handler.handleRequest(
                LambdaEvents.load("/dynamodb/orders-keys-only-batch.json", DynamodbEvent.class), null);
        // Lambda retries from the reported record; the record after it is delivered again with it.
        assertEquals(List.of("200000000000000000002"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(1, captured.rawLines().size());
    }

    @Test
    void handleRequest_reportsANullIdentifier_forARecordWithoutDynamodbSection_soLambdaRetriesTheBatch() {
        StreamsEventResponse response = handler.handleRequest(
                LambdaEvents.fromJson(event("INSERT", null, "Orders"), DynamodbEvent.class), null);
        assertEquals(1, response.getBatchItemFailures().size());
        assertNull(response.getBatchItemFailures().get(0).getItemIdentifier());
        assertTrue(captured.text().isEmpty());
    }

    @Test
    void handleRequest_reportsAnUnknownEventName() {
        StreamsEventResponse response = handler.handleRequest(LambdaEvents.fromJson(
                event("UPSERT", dynamodb("{\"Id\":{\"N\":\"1\"},\"Amount\":{\"N\":\"2\"}}", null, null), "Orders"),
                DynamodbEvent.class), null);
        assertEquals("900", response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    @Test
    void handleRequest_succeeds_forAnEmptyOrMissingBatch() {
        assertTrue(handler.handleRequest(LambdaEvents.fromJson("{\"Records\":[]}", DynamodbEvent.class), null)
                .getBatchItemFailures().isEmpty());
        assertTrue(handler.handleRequest(null, null).getBatchItemFailures().isEmpty());
    }
}
