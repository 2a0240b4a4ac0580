package dev.ddbstreams.dynamodb.streams;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;

/**
 * One change record of a stream, as GetRecords returns it. {@code newImage} and {@code oldImage} hold what
 * the stream's view type keeps (null otherwise); {@code service} marks a TTL deletion, which carries the
 * DynamoDB service principal as its userIdentity.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html">Record</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html">StreamRecord</a>
 */
public record StreamRecord(long sequence, String eventId, String eventName, long createdMillis,
        Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage,
        long sizeBytes, String viewType, boolean service) {

    /** Sequence numbers are shown as AWS shows them: decimal strings of 21 or more digits, increasing. */
    public static String sequenceNumberText(long sequence) {
        return "1" + String.format("%020d", sequence);
    }

    /** The counter value behind a sequence number text, or -1 when the text is not one of ours. */
    public static long parseSequenceNumber(String text) {
        if (text == null || text.length() != 21 || text.charAt(0) != '1') {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(text.substring(1));
    }

    public String sequenceNumber() {
        return sequenceNumberText(sequence);
    }
}
