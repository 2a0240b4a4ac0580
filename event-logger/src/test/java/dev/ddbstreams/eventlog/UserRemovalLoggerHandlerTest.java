package dev.ddbstreams.eventlog;

import static dev.ddbstreams.eventlog.StreamRecordJson.dynamodb;
import static dev.ddbstreams.eventlog.StreamRecordJson.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserRemovalLoggerHandlerTest {

    private final CapturedLog captured = new CapturedLog();
    private final UserRemovalLoggerHandler handler = new UserRemovalLoggerHandler(new UserRemovalLogger(captured.log));

    @Test
    void handleRequest_logsTheSeedUsersRemoval_withTheEmailMasked() {
        StreamsEventResponse response = handle("/dynamodb/users-remove.json");

        assertTrue(response.getBatchItemFailures().isEmpty());
        List<JsonNode> lines = captured.lines();
        assertEquals(CapturedLog.parse("""
                {"level": "INFO", "logger": "CapturedLog", "message": "user removed",
                 "eventName": "REMOVE", "eventID": "8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 "sequenceNumber": "400000000000000000001", "table": "Users",
                 "streamLabel": "2024-05-01T10:00:00.000", "approximateCreationDateTime": "2024-05-01T10:00:00Z",
                 "user": {"id": "4cgl4td0mufwl0wiqrepuba9k9", "timestamp": 1520547428623, "email": "t***@test.com"},
                 "expiredByTtl": false}
                """), lines.get(0));
        assertEquals("j***@example.de", lines.get(1).get("user").get("email").asText());
        assertTrue(lines.get(1).get("expiredByTtl").asBoolean());
        assertFalse(captured.text().contains("test@test.com"));
        assertFalse(captured.text().contains("rgen.m"));
    }

    @Test
    void handleRequest_acknowledgesARecordTheFilterShouldHaveKeptOut_withoutLoggingItsData() {
        StreamsEventResponse response = handle("/dynamodb/users-insert-unfiltered.json");

        assertTrue(response.getBatchItemFailures().isEmpty());
        JsonNode line = captured.lines().get(0);
        assertEquals("record ignored", line.get("message").asText());
        assertEquals("INSERT", line.get("eventName").asText());
        assertFalse(captured.text().contains("test.com"));
        assertFalse(captured.text().contains("4cgl4td0mufwl0wiqrepuba9k9"));
    }

    @Test
    void handleRequest_masksAnEmailThatIsNotAString_entirely() {
        handler.handleRequest(removal("{\"id\":{\"S\":\"u1\"},\"email\":{\"N\":\"491701234567\"}}"), null);
        assertEquals("***", captured.lines().get(0).get("user").get("email").asText());
        assertFalse(captured.text().contains("491701234567"));
    }

    @Test
    void handleRequest_logsTheUserIdAlone_whenTheStreamCarriesNoOldImage() {
        handler.handleRequest(LambdaEvents.fromJson(event("REMOVE", dynamodb("{\"id\":{\"S\":\"u1\"}}", null, null), "Users"),
                DynamodbEvent.class), null);
        JsonNode line = captured.lines().get(0);
        assertEquals(CapturedLog.parse("{\"id\": \"u1\"}"), line.get("user"));
        assertTrue(line.get("oldImage").asText().startsWith("missing"));
    }

    @Test
    void handleRequest_reportsARemovalWithoutUserId() {
        StreamsEventResponse response = handler.handleRequest(LambdaEvents.fromJson(event("REMOVE",
                dynamodb("{\"userId\":{\"S\":\"u1\"}}", null, "{\"userId\":{\"S\":\"u1\"},\"email\":{\"S\":\"x@y.com\"}}"), "Users"),
                DynamodbEvent.class), null);
        assertEquals("900", response.getBatchItemFailures().get(0).getItemIdentifier());
        assertTrue(captured.text().isEmpty());
    }

    @Test
    void aMalformedRemoval_failsWithAMessageThatDoesNotCarryTheEmail() {
        // The batch helper logs a failure's message: it must not be where the address leaks.
        DynamodbEvent event = removal("{\"id\":{\"S\":\"u1\"},\"email\":{\"S\":\"secret.person@example.com\"},\"broken\":{}}");
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> ChangeRecords.from(event.getRecords().get(0)));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals("900", handler.handleRequest(event, null).getBatchItemFailures().get(0).getItemIdentifier());
        assertTrue(captured.text().isEmpty());
    }

    private static DynamodbEvent removal(String oldImage) {
        return LambdaEvents.fromJson(event("REMOVE", dynamodb("{\"id\":{\"S\":\"u1\"}}", null, oldImage), "Users"),
                DynamodbEvent.class);
    }

    private StreamsEventResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.load(fixture, DynamodbEvent.class), null);
    }
}
