package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class NoteTest {

    @Test
    void pendingUpdate_isEmpty_whenStoredCountMatchesContent_soTheOwnModifyDoesNotLoop() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("a b c"), "wordCount", AttributeValue.fromN("3")));
        assertTrue(note.pendingUpdate().isEmpty());
    }

    @Test
    void pendingUpdate_comparesNumbersByValue() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("a b c"), "wordCount", AttributeValue.fromN("3.0")));
        assertTrue(note.pendingUpdate().isEmpty());
    }

    @Test
    void pendingUpdate_carriesContentAndCount_whenNotCountedYet() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("a b c")));
        assertEquals(Optional.of(new WordCountUpdate("n", "a b c", 3)), note.pendingUpdate());
    }

    @Test
    void pendingUpdate_recounts_whenContentChangedSinceTheStoredCount() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("a b c d"), "wordCount", AttributeValue.fromN("3")));
        assertEquals(4, note.pendingUpdate().orElseThrow().wordCount());
    }

    @Test
    void pendingUpdate_overwritesAWordCountThatIsNotANumber() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("a"), "wordCount", AttributeValue.fromS("1")));
        assertEquals(1, note.pendingUpdate().orElseThrow().wordCount());
    }

    @Test
    void pendingUpdate_writesZero_forEmptyContent() {
        Note note = Note.fromItem("n", Map.of("content", AttributeValue.fromS("")));
        assertEquals(0, note.pendingUpdate().orElseThrow().wordCount());
    }

    @Test
    void fromItem_rejectsMissingContent() {
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> Note.fromItem("n", Map.of("title", AttributeValue.fromS("t"))));
        assertEquals("note n has no 'content' attribute", e.getMessage());
    }

    @Test
    void fromItem_rejectsContentThatIsNotAString() {
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> Note.fromItem("n", Map.of("content", AttributeValue.fromN("42"))));
        assertEquals("note n has 'content' of type N, expected S", e.getMessage());
    }
}
