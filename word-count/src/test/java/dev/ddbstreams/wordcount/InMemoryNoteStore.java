package dev.ddbstreams.wordcount;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A note store with the same conditional-write rule as {@link DynamoDbNoteStore} (which the ITs check
 * against the DynamoDB engine), recording every write it applies.
 */
final class InMemoryNoteStore implements NoteStore {

    private final Map<String, Note> notes = new HashMap<>();
    final List<WordCountUpdate> writes = new ArrayList<>();

    void put(String id, String content) {
        notes.put(id, new Note(id, content, Optional.empty()));
    }

    void delete(String id) {
        notes.remove(id);
    }

    Optional<BigDecimal> wordCount(String id) {
        return notes.get(id).storedWordCount();
    }

    @Override
    public Optional<Note> find(String noteId) {
        return Optional.ofNullable(notes.get(noteId));
    }

    @Override
    public WordCountOutcome writeWordCount(WordCountUpdate update) {
        Note current = notes.get(update.noteId());
        if (current == null) {
            return WordCountOutcome.NOTE_DELETED;
        }
        if (!current.content().equals(update.content())) {
            return WordCountOutcome.SUPERSEDED;
        }
        BigDecimal count = BigDecimal.valueOf(update.wordCount());
        if (current.storedWordCount().map(count::equals).orElse(false)) {
            return WordCountOutcome.ALREADY_COUNTED;
        }
        notes.put(update.noteId(), new Note(update.noteId(), current.content(), Optional.of(count)));
        writes.add(update);
        return WordCountOutcome.WRITTEN;
    }
}
