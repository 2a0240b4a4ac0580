package dev.ddbstreams.wordcount;

/**
 * A record, item or message that does not have the shape the word count relies on (no note id, content
 * that is not a string, a queue body that is not {@code {"noteId": "..."}}). Retrying cannot fix it, so the
 * batch helpers report it as a batch item failure and it ends in the mapping's on-failure destination or
 * the queue's dead-letter queue. Messages name attributes and types, never the note's content.
 */
public final class MalformedNoteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedNoteException(String message) {
        super(message);
    }
}
