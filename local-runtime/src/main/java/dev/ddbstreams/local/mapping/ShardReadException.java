package dev.ddbstreams.local.mapping;

/** A stream read failure the shard poller handles specifically (the rest are unexpected errors). */
final class ShardReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The iterator is older than 15 minutes (or 5 for Kinesis): get a new one from the read position. */
        EXPIRED_ITERATOR,
        /** The stream rejects the iterator (malformed, or for another shard): get a new one. */
        INVALID_ITERATOR,
        /** The position was trimmed away (older than the retention): restart at TRIM_HORIZON. */
        TRIMMED,
        /** The shard (or stream) is gone. */
        SHARD_NOT_FOUND,
        /** Throttled or a 5xx from the emulator: back off and try again. */
        THROTTLED,
        /**
         * The answer, or a record in it, cannot be read (not parseable, or not convertible to an event): handled like
         * a failed batch of that record, retried and then given up on by the mapping's rules, never retried without end.
         */
        UNREADABLE
    }

    private final Kind kind;

    ShardReadException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
