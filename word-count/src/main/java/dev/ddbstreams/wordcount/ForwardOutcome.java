package dev.ddbstreams.wordcount;

/** What the forwarder did with one stream record. Every value is a success. */
public enum ForwardOutcome {
    /** The note id was sent to the queue. */
    SENT,
    /** The new image already carries the right count: nothing to ask for (this ends the loop). */
    ALREADY_COUNTED,
    /** A REMOVE record: nothing to count. */
    IGNORED_REMOVE
}
