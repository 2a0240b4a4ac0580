package dev.ddbstreams.aggregate;

/**
 * DynamoDB did not apply a change that is valid (throttled, conflicting, unavailable). The record is
 * reported as a batch item failure and Lambda delivers it again; the ledger makes that safe.
 */
public class AggregateWriteException extends RuntimeException {

    public AggregateWriteException(String message) {
        super(message);
    }

    public AggregateWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
