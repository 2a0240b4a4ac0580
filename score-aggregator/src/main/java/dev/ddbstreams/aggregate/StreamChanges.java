package dev.ddbstreams.aggregate;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ddbstreams.lambda.StreamImages;

/**
 * Reads a Lambda DynamoDB stream record into a {@link SourceChange}, rejecting what a well-formed record
 * never lacks (event name, keys, sequence number).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-dynamodb-event-example">DynamoDB stream event</a>
 */
public final class StreamChanges {

    private StreamChanges() {
    }

    /** @throws MalformedRecordException naming what is missing or invalid */
    public static SourceChange from(DynamodbStreamRecord record) {
        if (record == null) {
            throw new MalformedRecordException("Record is null");
        }
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new MalformedRecordException("Record has no dynamodb section");
        }
        SequenceNumber sequence = SequenceNumber.parse(dynamodb.getSequenceNumber());
        ChangeKind kind = kindOf(record.getEventName());
        if (dynamodb.getKeys() == null || dynamodb.getKeys().isEmpty()) {
            throw new MalformedRecordException(kind + " record " + sequence + " has no Keys");
        }
        return new SourceChange(kind, StreamImages.toSdk(dynamodb.getKeys()),
                kind == ChangeKind.REMOVE ? null : StreamImages.toSdk(dynamodb.getNewImage()), sequence);
    }

    /** @return the record's sequence number, or null when it has none (Lambda then retries the whole batch) */
    public static String sequenceNumberOf(DynamodbStreamRecord record) {
        return record == null || record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    private static ChangeKind kindOf(String eventName) {
        if (eventName != null) {
            for (ChangeKind kind : ChangeKind.values()) {
                if (kind.name().equals(eventName)) {
                    return kind;
                }
            }
        }
        throw new MalformedRecordException("eventName must be INSERT, MODIFY or REMOVE, was " + Excerpt.of(eventName));
    }
}
