package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WordCountServiceTest {

    private final InMemoryNoteStore notes = new InMemoryNoteStore();
    private final CapturedLog captured = new CapturedLog();
    private final WordCountService service = new WordCountService(notes, captured.log);

    @Test
    void countChange_writesTheCount_forAnInsert() {
        notes.put("n1", "one two three");
        assertEquals(WordCountOutcome.WRITTEN, service.countChange(insert("n1", "one two three")));
        assertEquals(Optional.of(BigDecimal.valueOf(3)), notes.wordCount("n1"));
    }

    @Test
    void countChange_writesNothing_forItsOwnModify() {
        notes.put("n1", "one two three");
        service.countChange(insert("n1", "one two three"));
        NoteChange ownModify = change(ChangeType.MODIFY, "n1", image("one two three", "3"));
        assertEquals(WordCountOutcome.ALREADY_COUNTED, service.countChange(ownModify));
        assertEquals(1, notes.writes.size());
    }

    @Test
    void countChange_writesOnce_whenTheSameRecordArrivesTwice() {
        notes.put("n1", "one two");
        service.countChange(insert("n1", "one two"));
        assertEquals(WordCountOutcome.ALREADY_COUNTED, service.countChange(insert("n1", "one two")));
        assertEquals(1, notes.writes.size());
    }

    @Test
    void countChange_acknowledgesAStaleRecord_withoutOverwritingTheNewerContentsCount() {
        notes.put("n1", "now four words here");
        service.countChange(change(ChangeType.MODIFY, "n1", image("now four words here", null)));
        assertEquals(WordCountOutcome.SUPERSEDED, service.countChange(insert("n1", "old")));
        assertEquals(Optional.of(BigDecimal.valueOf(4)), notes.wordCount("n1"));
    }

    @Test
    void countChange_acknowledgesADeletedNote_withoutRecreatingIt() {
        assertEquals(WordCountOutcome.NOTE_DELETED, service.countChange(insert("gone", "some words")));
        assertTrue(notes.find("gone").isEmpty());
    }

    @Test
    void countChange_ignoresRemove() {
        assertEquals(WordCountOutcome.IGNORED_REMOVE,
                service.countChange(new NoteChange(ChangeType.REMOVE, "n1", Optional.empty(), "9")));
        assertTrue(notes.writes.isEmpty());
    }

    @Test
    void countChange_rejectsAnInsertWithoutNewImage_namingTheStreamViewType() {
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> service.countChange(new NoteChange(ChangeType.INSERT, "n1", Optional.empty(), "9")));
        assertTrue(e.getMessage().contains("NEW_IMAGE"), e.getMessage());
    }

    @Test
    void countStoredNote_countsTheNoteAsItIsNow() {
        notes.put("n1", "read from the table");
        assertEquals(WordCountOutcome.WRITTEN, service.countStoredNote("n1"));
        assertEquals(Optional.of(BigDecimal.valueOf(4)), notes.wordCount("n1"));
        assertEquals(WordCountOutcome.ALREADY_COUNTED, service.countStoredNote("n1"));
    }

    @Test
    void countStoredNote_acknowledgesANoteDeletedMeanwhile() {
        assertEquals(WordCountOutcome.NOTE_DELETED, service.countStoredNote("gone"));
        assertEquals(List.of("NOTE_DELETED"), captured.outcomes());
    }

    @Test
    void log_saysWhatHappened_butNeverLogsTheContent() {
        notes.put("n1", "a very private sentence");
        service.countChange(insert("n1", "a very private sentence"));
        var line = captured.lines().get(0);
        assertEquals("word count", line.get("message").asText());
        assertEquals("n1", line.get("noteId").asText());
        assertEquals("WRITTEN", line.get("outcome").asText());
        assertEquals(4, line.get("wordCount").asInt());
        assertEquals("stream", line.get("source").asText());
        assertFalse(captured.text().contains("private"));
    }

    private static NoteChange insert(String id, String content) {
        return change(ChangeType.INSERT, id, image(content, null));
    }

    private static NoteChange change(ChangeType type, String id, Map<String, AttributeValue> image) {
        return new NoteChange(type, id, Optional.of(image), "1");
    }

    private static Map<String, AttributeValue> image(String content, String wordCount) {
        return wordCount == null
                ? Map.of("content", AttributeValue.fromS(content))
                : Map.of("content", AttributeValue.fromS(content), "wordCount", AttributeValue.fromN(wordCount));
    }
}
