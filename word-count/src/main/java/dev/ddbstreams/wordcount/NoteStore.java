package dev.ddbstreams.wordcount;

import java.util.Optional;

/** Where notes live: the {@code notes} table in production, an in-memory map in unit tests. */
public interface NoteStore {

    /** @return the note as it is now (a strongly consistent read), or empty when it does not exist */
    Optional<Note> find(String noteId);

    /**
     * Stores {@code update.wordCount()} on the note, only if the note still exists, still has
     * {@code update.content()} and does not already carry that count.
     *
     * @return {@link WordCountOutcome#WRITTEN}, or why nothing was written
     */
    WordCountOutcome writeWordCount(WordCountUpdate update);
}
