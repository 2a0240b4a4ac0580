package dev.ddbstreams.wordcount;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ddbstreams.lambda.StreamImages;
import java.util.Map;
import java.util.Optional;

/** Adapts a Lambda DynamoDB stream record of the {@code notes} table to a {@link NoteChange}. */
final class NoteChanges {

    private NoteChanges() {
    }

    /** @throws MalformedNoteException when the record lacks what every notes record has */
    static NoteChange from(DynamodbStreamRecord record) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new MalformedNoteException("stream record " + record.getEventID() + " has no dynamodb section");
        }
        ChangeType type = ChangeType.of(record.getEventName());
        String noteId = noteId(dynamodb.getKeys(), record.getEventID());
        Optional<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> newImage;
        try {
            newImage = Optional.ofNullable(dynamodb.getNewImage()).map(StreamImages::toSdk);
        } catch (RuntimeException e) {
            throw new MalformedNoteException("NewImage of note " + noteId
                    + " holds a value that is not a DynamoDB attribute value: " + e.getMessage());
        }
        return new NoteChange(type, noteId, newImage, dynamodb.getSequenceNumber());
    }

    /** The item identifier Lambda expects in a stream's partial batch response. */
    static String sequenceNumber(DynamodbStreamRecord record) {
        return record.getDynamodb().getSequenceNumber();
    }

    private static String noteId(Map<String, AttributeValue> keys, String eventId) {
        if (keys == null || keys.isEmpty()) {
            throw new MalformedNoteException("stream record " + eventId + " has no Keys");
        }
        AttributeValue id = keys.get(Note.ID);
        if (id == null || id.getS() == null || id.getS().isEmpty()) {
            throw new MalformedNoteException("stream record " + eventId + " has no string key '" + Note.ID + "'");
        }
        return id.getS();
    }
}
