package dev.ddbstreams.wordcount;

import dev.ddbstreams.lambda.StructuredLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts a note's words and stores the count on the note, from a stream record (the note as the record
 * shows it) or from a queue message (the note as it is now). Writes nothing when the note already
 * carries the right count, so the count's own MODIFY record, a redelivered record and a title-only edit
 * end here. Every outcome is logged as one line; the note's content never is.
 */
public final class WordCountService {

    private final NoteStore notes;
    private final StructuredLog log;

    public WordCountService(NoteStore notes, StructuredLog log) {
        this.notes = notes;
        this.log = log;
    }

    /**
     * Counts the note in a stream record's new image.
     *
     * @throws MalformedNoteException when an INSERT or MODIFY carries no new image or the image is not a note
     */
    public WordCountOutcome countChange(NoteChange change) {
        if (change.type() == ChangeType.REMOVE) {
            return logged(WordCountOutcome.IGNORED_REMOVE, change.noteId(), null, "stream", change.sequenceNumber());
        }
        Map<String, AttributeValue> image = change.newImage()
                .orElseThrow(() -> new MalformedNoteException(change.type() + " record for note " + change.noteId()
                        + " has no NewImage; the notes stream must use NEW_IMAGE or NEW_AND_OLD_IMAGES"));
        Note note = Note.fromItem(change.noteId(), image);
        return count(note, "stream", change.sequenceNumber());
    }

    /** Counts the note as it is stored now; a note deleted meanwhile is acknowledged. */
    public WordCountOutcome countStoredNote(String noteId) {
        Optional<Note> note = notes.find(noteId);
        if (note.isEmpty()) {
            return logged(WordCountOutcome.NOTE_DELETED, noteId, null, "queue", null);
        }
        return count(note.get(), "queue", null);
    }

    private WordCountOutcome count(Note note, String source, String sequenceNumber) {
        Optional<WordCountUpdate> update = note.pendingUpdate();
        if (update.isEmpty()) {
            return logged(WordCountOutcome.ALREADY_COUNTED, note.id(), null, source, sequenceNumber);
        }
        WordCountOutcome outcome = notes.writeWordCount(update.get());
        return logged(outcome, note.id(), update.get().wordCount(), source, sequenceNumber);
    }

    private WordCountOutcome logged(WordCountOutcome outcome, String noteId, Integer wordCount, String source,
            String sequenceNumber) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("noteId", noteId);
        fields.put("outcome", outcome.name());
        fields.put("source", source);
        if (wordCount != null) {
            fields.put("wordCount", wordCount);
        }
        if (sequenceNumber != null) {
            fields.put("sequenceNumber", sequenceNumber);
        }
        log.info("word count", fields);
        return outcome;
    }
}
