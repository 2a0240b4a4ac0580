package dev.ddbstreams.wordcount;

/** What became of one record or message. Every value is a success: none of them is retried. */
public enum WordCountOutcome {
    /** The count was written. */
    WRITTEN,
    /** The note already carries the right count (our own MODIFY, a redelivery, a title-only edit). */
    ALREADY_COUNTED,
    /** The note's content changed since this record; the newer record carries the newer content. */
    SUPERSEDED,
    /** The note no longer exists; nothing to count and nothing to recreate. */
    NOTE_DELETED,
    /** A REMOVE record: there is no content left to count. */
    IGNORED_REMOVE
}
