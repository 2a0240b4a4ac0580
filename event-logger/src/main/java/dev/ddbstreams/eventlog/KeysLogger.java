package dev.ddbstreams.eventlog;

import dev.ddbstreams.lambda.StructuredLog;
import java.util.Map;

/**
 * Logs the keys of a change, one JSON line per record: what seed 001's {@code console.log(record.dynamodb.Keys)}
 * prints, as fields a log query can filter on ({@code keys.Id = 1}) instead of Node's object dump.
 */
public final class KeysLogger {

    private final StructuredLog log;

    public KeysLogger(StructuredLog log) {
        this.log = log;
    }

    public void log(ChangeRecord record) {
        Map<String, Object> fields = record.logFields();
        fields.put("keys", AttributeJson.toJson(record.keys()));
        log.info("stream record keys", fields);
    }
}
