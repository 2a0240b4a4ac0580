package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WordCountQueueHandlerTest {

    private static final String NOTE_1 = "4f1c2a9e-7d3b-4e8a-9a55-1b2c3d4e5f60";
    private static final String NOTE_2 = "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d";

    private final InMemoryNoteStore notes = new InMemoryNoteStore();
    private final CapturedLog captured = new CapturedLog();
    private final WordCountQueueHandler handler = new WordCountQueueHandler(new WordCountService(notes, captured.log));

    @Test
    void handleRequest_countsEachNoteAsStored() {
        notes.put(NOTE_1, "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.");
        notes.put(NOTE_2, "some text");
        SQSBatchResponse response = handle("/sqs/word-count-seed-messages.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(Optional.of(BigDecimal.valueOf(10)), notes.wordCount(NOTE_1));
        assertEquals(Optional.of(BigDecimal.valueOf(2)), notes.wordCount(NOTE_2));
    }

    @Test
    void handleRequest_writesOnce_whenMessagesArriveTwice() {
        notes.put(NOTE_1, "a b");
        notes.put(NOTE_2, "c");
        handle("/sqs/word-count-seed-messages.json");
        assertTrue(handle("/sqs/word-count-seed-messages.json").getBatchItemFailures().isEmpty());
        assertEquals(2, notes.writes.size());
    }

    @Test
    void handleRequest_acknowledgesANoteDeletedMeanwhile() {
        notes.put(NOTE_2, "still here");
        SQSBatchResponse response = handle("/sqs/word-count-seed-messages.json");
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(List.of("NOTE_DELETED", "WRITTEN"), captured.outcomes());
    }

    @Test
    void handleRequest_reportsEveryMalformedMessage_andCountsTheOthers() {
        notes.put(NOTE_1, "one");
        notes.put(NOTE_2, "one two");
        SQSBatchResponse response = handle("/sqs/word-count-mixed-messages.json");
        assertEquals(List.of("22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333",
                "44444444-4444-4444-8444-444444444444"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(Optional.of(BigDecimal.ONE), notes.wordCount(NOTE_1));
        assertEquals(Optional.of(BigDecimal.valueOf(2)), notes.wordCount(NOTE_2));
    }

    @Test
    void handleRequest_reportsTheMessage_whenTheStoredNoteIsMalformed() {
        NoteStore broken = new NoteStore() {
            @Override
            public Optional<Note> find(String noteId) {
                throw new MalformedNoteException("note " + noteId + " has 'content' of type N, expected S");
            }

            @Override
            public WordCountOutcome writeWordCount(WordCountUpdate update) {
                throw new AssertionError("nothing to write");
            }
        };
        SQSBatchResponse response = new WordCountQueueHandler(new WordCountService(broken, captured.log))
                .handleRequest(LambdaEvents.load("/sqs/word-count-seed-messages.json", SQSEvent.class), null);
        assertEquals(2, response.getBatchItemFailures().size());
    }

    private SQSBatchResponse handle(String fixture) {
        return handler.handleRequest(LambdaEvents.load(fixture, SQSEvent.class), null);
    }
}
