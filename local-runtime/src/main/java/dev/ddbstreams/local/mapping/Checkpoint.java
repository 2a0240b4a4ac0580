package dev.ddbstreams.local.mapping;

import java.util.Objects;

/**
 * Where a stream mapping resumes reading one shard: after a sequence number (the last record the function
 * handled, was given up on, or was filtered out), from the shard's start, or nowhere because the shard is
 * closed and fully processed.
 *
 * @param type           the kind of position
 * @param sequenceNumber the last handled record for {@link Type#AFTER_SEQUENCE_NUMBER} (and, when known, for
 *                       {@link Type#SHARD_END}); {@code null} otherwise
 */
public record Checkpoint(Type type, String sequenceNumber) {

    /** The kinds of position. */
    public enum Type {
        /** Resume with the record after {@code sequenceNumber}. */
        AFTER_SEQUENCE_NUMBER,
        /**
         * Read the shard from its oldest record: every record in it is still to be delivered. Written when a
         * LATEST mapping starts on a shard that is still empty.
         */
        TRIM_HORIZON,
        /** The shard is closed and every record in it has been handled. */
        SHARD_END
    }

    public Checkpoint {
        Objects.requireNonNull(type, "type");
        if (type == Type.AFTER_SEQUENCE_NUMBER && (sequenceNumber == null || sequenceNumber.isEmpty())) {
            throw new IllegalArgumentException("AFTER_SEQUENCE_NUMBER needs a sequence number");
        }
    }

    public static Checkpoint after(String sequenceNumber) {
        return new Checkpoint(Type.AFTER_SEQUENCE_NUMBER, sequenceNumber);
    }

    public static Checkpoint trimHorizon() {
        return new Checkpoint(Type.TRIM_HORIZON, null);
    }

    public static Checkpoint shardEnd(String lastSequenceNumber) {
        return new Checkpoint(Type.SHARD_END, lastSequenceNumber);
    }
}
