package dev.ddbstreams.eventlog;

import dev.ddbstreams.lambda.StructuredLog;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs each Kinesis record's payload. Seed 003's blueprint decodes the base64 data and prints it as it
 * is, which is no safe log line for a binary payload or one with control characters or line breaks.
 * <ul>
 *   <li>A payload that is valid UTF-8 is logged as {@code "data": "<text>", "binary": false}. JSON
 *       escaping makes control characters, quotes and line breaks harmless, so one record stays one log
 *       line.</li>
 *   <li>Anything else (malformed or overlong UTF-8, lone surrogates, arbitrary bytes) is logged as
 *       {@code "data": "<base64>", "binary": true}.</li>
 *   <li>Only the first {@value #MAX_LOGGED_BYTES} bytes are logged. A longer payload is cut (text at a
 *       code point boundary) and marked {@code "truncated": true}. {@code sizeBytes} always gives the
 *       full size.</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html">Kinesis record size limits</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html">CloudWatch Logs event size limit</a>
 */
public final class KinesisRecordLogger {

    /** The most payload bytes one log line carries. */
    public static final int MAX_LOGGED_BYTES = 8192;

    private final StructuredLog log;

    public KinesisRecordLogger(StructuredLog log) {
        this.log = log;
    }

    public void log(KinesisPayload record) {
        byte[] data = record.data();
        boolean truncated = data.length > MAX_LOGGED_BYTES;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventID", record.eventId());
        fields.put("sequenceNumber", record.sequenceNumber());
        StreamArns.kinesisStreamName(record.eventSourceArn()).ifPresent(stream -> fields.put("stream", stream));
        record.shardId().ifPresent(shard -> fields.put("shardId", shard));
        fields.put("partitionKey", record.partitionKey());
        record.approximateArrivalTimestamp().ifPresent(time -> fields.put("approximateArrivalTimestamp", time.toString()));
        String text = utf8(data);
        if (text != null) {
            fields.put("data", truncated ? text.substring(0, charsWithin(data, MAX_LOGGED_BYTES, text)) : text);
            fields.put("binary", false);
        } else {
            byte[] logged = truncated ? Arrays.copyOf(data, MAX_LOGGED_BYTES) : data;
            fields.put("data", Base64.getEncoder().encodeToString(logged));
            fields.put("binary", true);
        }
        fields.put("sizeBytes", data.length);
        fields.put("truncated", truncated);
        log.info("kinesis record", fields);
    }

    /** @return the text, or {@code null} when the bytes are not well-formed UTF-8 */
    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The number of chars of {@code text} whose UTF-8 encoding fits in {@code maxBytes}: the cut moves
     * back from the byte limit to the start of a code point (a byte that is not {@code 10xxxxxx}).
     */
    private static int charsWithin(byte[] utf8, int maxBytes, String text) {
        int cut = maxBytes;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return new String(utf8, 0, cut, StandardCharsets.UTF_8).length();
    }
}
