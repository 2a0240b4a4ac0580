package dev.ddbstreams.eventlog;

/**
 * A record that lacks what the logger needs (no {@code dynamodb} section, no keys, no new image on a
 * NEW_IMAGE stream, no Kinesis data, an attribute value of no known type). It is reported as a batch item
 * failure; after the mapping's retries it ends in the on-failure destination. Messages name what is
 * missing or wrong, never attribute values.
 */
public final class MalformedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
