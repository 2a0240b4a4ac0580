package dev.ddbstreams.aggregate;

/**
 * A stream record the aggregator cannot interpret: missing keys, a missing image, a missing or wrong-typed
 * aggregated attribute, a number DynamoDB could not store. Retrying cannot fix it; the record is reported
 * as a batch item failure, so after the mapping's retries it ends in the on-failure destination instead of
 * blocking the shard, and the aggregate is left as it was.
 */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }
}
