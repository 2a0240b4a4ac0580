package dev.ddbstreams.wordcount;

import static dev.ddbstreams.wordcount.StreamRecordJson.dynamodb;
import static dev.ddbstreams.wordcount.StreamRecordJson.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordCountStreamHandlerTest {

    private static final String LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.";
    private static final String NOTE_1 = "4f1c2a9e-7d3b-4e8a-9a55-1b2c3d4e5f60";
    private static final String NOTE_2 = "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d";

    private final InMemoryNoteStore notes = new InMemoryNoteStore();
    private final CapturedLog captured = new CapturedLog();
    private final WordCountStreamHandler handler = new WordCountStreamHandler(new WordCountService(notes, captured.log));

    @Test
    void handleRequest_countsTheSeedNotes() {
        notes.put(NOTE_1, LOREM);
        notes.put(NOTE_2, "some text");
        StreamsEventResponse response = handle("/dynamodb/notes-seed-inserts.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(Optional.of(BigDecimal.valueOf(10)), notes.wordCount(NOTE_1));
        assertEquals(Optional.of(BigDecimal.valueOf(2)), notes.wordCount(NOTE_2));
    }

    @Test
    void handleRequest_writesNothing_forTheModifyItsOwnUpdateProduced() {
        notes.put(NOTE_1, LOREM);
        notes.put(NOTE_2, "some text");
        handle("/dynamodb/notes-seed-inserts.json");
        StreamsEventResponse response = handle("/dynamodb/notes-self-update-modify.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(2, notes.writes.size());
        assertEquals("ALREADY_COUNTED", captured.outcomes().get(2));
    }

    @Test
    void handleRequest_leavesTheSameResult_whenTheBatchIsDeliveredTwice() {
        notes.put(NOTE_1, LOREM);
        notes.put(NOTE_2, "some text");
        handle("/dynamodb/notes-seed-inserts.json");
        StreamsEventResponse again = handle("/dynamodb/notes-seed-inserts.json");
        assertTrue(again.getBatchItemFailures().isEmpty());
        assertEquals(2, notes.writes.size());
        assertEquals(Optional.of(BigDecimal.valueOf(10)), notes.wordCount(NOTE_1));
    }

    @Test
    void handleRequest_countsUnicodeWhitespace_whereSplitOnSpaceWouldSayFour() {
        DynamodbEvent event = LambdaEvents.load("/dynamodb/notes-unicode-insert.json", DynamodbEvent.class);
        String content = event.getRecords().get(0).getDynamodb().getNewImage().get("content").getS();
        notes.put("c0ffee00-0000-4000-8000-000000000006", content);
        handler.handleRequest(event, null);
        assertEquals(Optional.of(BigDecimal.valueOf(9)), notes.wordCount("c0ffee00-0000-4000-8000-000000000006"));
        assertEquals(4, content.split(" ").length);
    }

    @Test
    void handleRequest_processesEveryRecordUpToAMalformedOne_andReportsItsSequenceNumber() {
        notes.put("b3c4d5e6-0000-4000-8000-000000000003", "one two three");
        notes.put(NOTE_1, "Count me twice, please.");
        notes.put("b3c4d5e6-0000-4000-8000-000000000005", "never reached in this invocation");
        StreamsEventResponse response = handle("/dynamodb/notes-mixed-batch.json");
        // Lambda checkpoints before the failed record and delivers it and everything after it again.
        assertEquals(List.of("200000000000000000004"), identifiers(response));
        assertEquals(List.of("WRITTEN", "IGNORED_REMOVE", "WRITTEN"), captured.outcomes());
        assertEquals(Optional.of(BigDecimal.valueOf(3)), notes.wordCount("b3c4d5e6-0000-4000-8000-000000000003"));
        assertEquals(Optional.of(BigDecimal.valueOf(4)), notes.wordCount(NOTE_1));
        assertEquals(Optional.empty(), notes.wordCount("b3c4d5e6-0000-4000-8000-000000000005"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unknown eventName     | UPSERT | {\"id\":{\"S\":\"n\"}}  | {\"id\":{\"S\":\"n\"},\"content\":{\"S\":\"a\"}}",
            "no Keys               | INSERT | {}                       | {\"id\":{\"S\":\"n\"},\"content\":{\"S\":\"a\"}}",
            "numeric id            | INSERT | {\"id\":{\"N\":\"1\"}}  | {\"id\":{\"N\":\"1\"},\"content\":{\"S\":\"a\"}}",
            "no NewImage           | INSERT | {\"id\":{\"S\":\"n\"}}  | ",
            "no content            | MODIFY | {\"id\":{\"S\":\"n\"}}  | {\"id\":{\"S\":\"n\"}}",
            "content of type L     | INSERT | {\"id\":{\"S\":\"n\"}}  | {\"id\":{\"S\":\"n\"},\"content\":{\"L\":[{\"S\":\"a\"}]}}",
            "empty attribute value | INSERT | {\"id\":{\"S\":\"n\"}}  | {\"id\":{\"S\":\"n\"},\"content\":{}}",
    })
    void handleRequest_reportsAMalformedRecord_byItsSequenceNumber(String name, String eventName, String keys,
            String newImage) {
        notes.put("n", "a");
        DynamodbEvent event = LambdaEvents.fromJson(event(eventName, dynamodb(keys, newImage)), DynamodbEvent.class);
        assertEquals(List.of("900"), identifiers(handler.handleRequest(event, null)), name);
        assertTrue(notes.writes.isEmpty());
    }

    @Test
    void handleRequest_reportsANullIdentifier_forARecordWithoutDynamodbSection_soLambdaRetriesTheBatch() {
        DynamodbEvent event = LambdaEvents.fromJson(event("INSERT", null), DynamodbEvent.class);
        StreamsEventResponse response = handler.handleRequest(event, null);
        assertEquals(1, response.getBatchItemFailures().size());
        assertNull(response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    @Test
    void handleRequest_succeeds_forAnEmptyOrMissingBatch() {
        assertTrue(handler.handleRequest(LambdaEvents.fromJson("{\"Records\":[]}", DynamodbEvent.class), null)
                .getBatchItemFailures().isEmpty());
        assertTrue(handler.handleRequest(null, null).getBatchItemFailures().isEmpty());
    }

    private StreamsEventResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.load(fixture, DynamodbEvent.class), null);
    }

    static List<String> identifiers(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
