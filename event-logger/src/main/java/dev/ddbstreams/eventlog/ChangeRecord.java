package dev.ddbstreams.eventlog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One DynamoDB stream record, free of Lambda event types.
 *
 * @param eventName INSERT, MODIFY or REMOVE
 * @param eventId the record's {@code eventID}
 * @param sequenceNumber the record's sequence number (its item identifier in a partial batch response)
 * @param eventSourceArn the stream ARN
 * @param approximateCreationDateTime when the change happened, if the record says
 * @param keys the item's key attributes; never empty
 * @param newImage the item after the change, when the stream view type carries it
 * @param oldImage the item before the change, when the stream view type carries it
 * @param expiredByTtl whether DynamoDB's TTL process deleted the item (a REMOVE with the service as user identity)
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html">Streams Record</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html">TTL deletes in streams</a>
 */
public record ChangeRecord(
        String eventName,
        String eventId,
        String sequenceNumber,
        String eventSourceArn,
        Optional<Instant> approximateCreationDateTime,
        Map<String, AttributeValue> keys,
        Optional<Map<String, AttributeValue>> newImage,
        Optional<Map<String, AttributeValue>> oldImage,
        boolean expiredByTtl) {

    public static final String INSERT = "INSERT";
    public static final String MODIFY = "MODIFY";
    public static final String REMOVE = "REMOVE";

    /** The fields every log line about this record starts with. */
    public Map<String, Object> logFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventName", eventName);
        fields.put("eventID", eventId);
        fields.put("sequenceNumber", sequenceNumber);
        StreamArns.tableName(eventSourceArn).ifPresent(table -> fields.put("table", table));
        StreamArns.streamLabel(eventSourceArn).ifPresent(label -> fields.put("streamLabel", label));
        approximateCreationDateTime.ifPresent(time -> fields.put("approximateCreationDateTime", time.toString()));
        return fields;
    }
}
