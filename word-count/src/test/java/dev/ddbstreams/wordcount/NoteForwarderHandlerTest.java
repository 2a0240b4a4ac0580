package dev.ddbstreams.wordcount;

import static dev.ddbstreams.wordcount.StreamRecordJson.dynamodb;
import static dev.ddbstreams.wordcount.StreamRecordJson.event;
import static dev.ddbstreams.wordcount.WordCountStreamHandlerTest.identifiers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteForwarderHandlerTest {

    private final List<String> sent = new ArrayList<>();
    private final CapturedLog captured = new CapturedLog();
    private final NoteForwarderHandler handler = new NoteForwarderHandler(
            new NoteForwarder(message -> sent.add(message.toJson()), captured.log));

    @Test
    void handleRequest_sendsTheNoteIdOfEachSeedNote() {
        StreamsEventResponse response = handle("/dynamodb/notes-seed-inserts.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(List.of("{\"noteId\":\"4f1c2a9e-7d3b-4e8a-9a55-1b2c3d4e5f60\"}",
                "{\"noteId\":\"8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d\"}"), sent);
    }

    @Test
    void handleRequest_sendsNothing_forTheWordCountsOwnModify() {
        StreamsEventResponse response = handle("/dynamodb/notes-self-update-modify.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertTrue(sent.isEmpty());
        assertEquals(List.of("ALREADY_COUNTED"), captured.outcomes());
    }

    @Test
    void handleRequest_forwardsEditsAndSkipsRemoves_andStopsAtAMalformedRecord() {
        StreamsEventResponse response = handle("/dynamodb/notes-mixed-batch.json");
        assertEquals(List.of("200000000000000000004"), identifiers(response));
        assertEquals(List.of("SENT", "IGNORED_REMOVE", "SENT"), captured.outcomes());
        assertEquals(List.of("{\"noteId\":\"b3c4d5e6-0000-4000-8000-000000000003\"}",
                "{\"noteId\":\"4f1c2a9e-7d3b-4e8a-9a55-1b2c3d4e5f60\"}"), sent);
    }

    @Test
    void handleRequest_forwardsARecordWithoutNewImage_becauseTheQueueHandlerReadsTheNoteItself() {
        DynamodbEvent event = LambdaEvents.fromJson(event("MODIFY", dynamodb("{\"id\":{\"S\":\"n\"}}", null)), DynamodbEvent.class);
        assertTrue(handler.handleRequest(event, null).getBatchItemFailures().isEmpty());
        assertEquals(List.of("{\"noteId\":\"n\"}"), sent);
    }

    @Test
    void handleRequest_reportsTheRecord_whenSendingFails() {
        NoteForwarderHandler failing = new NoteForwarderHandler(new NoteForwarder(message -> {
            throw new IllegalStateException("queue unavailable");
        }, captured.log));
        StreamsEventResponse response = failing.handleRequest(
                LambdaEvents.load("/dynamodb/notes-seed-inserts.json", DynamodbEvent.class), null);
        assertEquals(List.of("100000000000000000001"), identifiers(response));
    }

    private StreamsEventResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.load(fixture, DynamodbEvent.class), null);
    }
}
