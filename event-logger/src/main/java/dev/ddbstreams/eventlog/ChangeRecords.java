package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ddbstreams.lambda.StreamImages;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Adapts a Lambda DynamoDB stream record to a {@link ChangeRecord}, rejecting what no stream sends. */
final class ChangeRecords {

    private static final Set<String> EVENT_NAMES = Set.of(ChangeRecord.INSERT, ChangeRecord.MODIFY, ChangeRecord.REMOVE);

    private ChangeRecords() {
    }

    static ChangeRecord from(DynamodbStreamRecord record) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new MalformedRecordException("stream record " + record.getEventID() + " has no dynamodb section");
        }
        if (!EVENT_NAMES.contains(record.getEventName())) {
            throw new MalformedRecordException("stream record " + record.getEventID() + " has eventName '"
                    + record.getEventName() + "', expected INSERT, MODIFY or REMOVE");
        }
        if (dynamodb.getKeys() == null || dynamodb.getKeys().isEmpty()) {
            throw new MalformedRecordException("stream record " + record.getEventID() + " has no Keys");
        }
        return new ChangeRecord(
                record.getEventName(),
                record.getEventID(),
                dynamodb.getSequenceNumber(),
                record.getEventSourceARN(),
                Optional.ofNullable(dynamodb.getApproximateCreationDateTime()).map(date -> date.toInstant()),
                convert(dynamodb.getKeys(), "Keys", record),
                Optional.ofNullable(dynamodb.getNewImage()).map(image -> convert(image, "NewImage", record)),
                Optional.ofNullable(dynamodb.getOldImage()).map(image -> convert(image, "OldImage", record)),
                expiredByTtl(record.getUserIdentity()));
    }

    /** The item identifier Lambda expects in a stream's partial batch response. */
    static String sequenceNumber(DynamodbStreamRecord record) {
        return record.getDynamodb().getSequenceNumber();
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> convert(
            Map<String, AttributeValue> image, String what, DynamodbStreamRecord record) {
        try {
            return StreamImages.toSdk(image);
        } catch (RuntimeException e) {
            // The transformer's message may quote the value; ours names only the record and the image.
            throw new MalformedRecordException(what + " of stream record " + record.getEventID()
                    + " holds a value that is not a DynamoDB attribute value");
        }
    }

    private static boolean expiredByTtl(Identity identity) {
        return identity != null && "Service".equals(identity.getType())
                && "dynamodb.amazonaws.com".equals(identity.getPrincipalId());
    }
}
