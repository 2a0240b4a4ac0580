package dev.ddbstreams.eventlog;

import dev.ddbstreams.lambda.StructuredLog;
import java.util.Map;

/**
 * Logs the new image of each INSERT and MODIFY, and the keys of each REMOVE, which has no new image.
 * Seed 002 maps every record's {@code NewImage} through {@code Object.entries} and throws on the first
 * REMOVE, failing the batch; with bisect and ten retries that record ends in the DLQ unlogged.
 */
public final class ImageEchoLogger {

    private final StructuredLog log;

    public ImageEchoLogger(StructuredLog log) {
        this.log = log;
    }

    /** @throws MalformedRecordException for an INSERT or MODIFY without new image (the stream is not NEW_IMAGE) */
    public void log(ChangeRecord record) {
        Map<String, Object> fields = record.logFields();
        fields.put("keys", AttributeJson.toJson(record.keys()));
        if (ChangeRecord.REMOVE.equals(record.eventName())) {
            log.info("item removed", fields);
            return;
        }
        var image = record.newImage().orElseThrow(() -> new MalformedRecordException(record.eventName()
                + " record " + record.eventId() + " has no NewImage; the stream must use NEW_IMAGE or NEW_AND_OLD_IMAGES"));
        fields.put("newImage", AttributeJson.toJson(image));
        log.info("new image", fields);
    }
}
