package dev.ddbstreams.aggregate;

/**
 * The kind of change a stream record describes (its {@code eventName}).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html">Record.eventName</a>
 */
public enum ChangeKind {
    /** A new item was added: it now contributes its new image. */
    INSERT,
    /** An item was updated: it now contributes its new image instead of what it contributed before. */
    MODIFY,
    /** An item was deleted: it no longer contributes anything. */
    REMOVE
}
