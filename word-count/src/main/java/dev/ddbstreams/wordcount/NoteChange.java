package dev.ddbstreams.wordcount;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change to a note, as a stream record describes it, free of Lambda event types.
 *
 * @param type INSERT, MODIFY or REMOVE
 * @param noteId the note's {@code id} from the record's keys
 * @param newImage the item after the change; empty for REMOVE and for KEYS_ONLY / OLD_IMAGE streams
 * @param sequenceNumber the record's sequence number, for the log
 */
public record NoteChange(ChangeType type, String noteId, Optional<Map<String, AttributeValue>> newImage,
        String sequenceNumber) {
}
