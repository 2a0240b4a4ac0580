package dev.ddbstreams.wordcount;

/** The {@code word-count} queue: SQS in production, a list in unit tests. */
public interface WordCountQueue {

    /** Asks for the note to be counted. */
    void send(NoteMessage message);
}
