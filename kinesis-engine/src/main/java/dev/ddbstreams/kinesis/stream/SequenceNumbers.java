package dev.ddbstreams.kinesis.stream;

import java.util.Optional;

/**
 * AWS-shaped sequence numbers: 56 decimal digits. Ours are laid out as {@code 49} (the prefix real Kinesis sequence
 * numbers carry), the stream's creation time in epoch milliseconds (13 digits), the shard's index (5 digits) and a
 * per-shard counter (36 digits). So they increase within a shard, a child shard's numbers are above its parents',
 * and a number says which stream incarnation and shard it came from, which GetShardIterator checks.
 *
 * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html#sequence-number">Sequence number</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SequenceNumberRange.html">SequenceNumberRange</a>
 */
public final class SequenceNumbers {

    public static final int LENGTH = 56;
    private static final String PREFIX = "49";

    private SequenceNumbers() {
    }

    /** What a sequence number encodes. */
    public record Parts(long streamCreatedMillis, int shardIndex, long counter) {
    }

    public static String format(long streamCreatedMillis, int shardIndex, long counter) {
        return PREFIX + pad(streamCreatedMillis, 13) + pad(shardIndex, 5) + pad(counter, 36);
    }

    /** The parts of a sequence number, or empty when the text is not one of ours. */
    public static Optional<Parts> parse(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.length() != LENGTH || !sequenceNumber.startsWith(PREFIX)
                || !sequenceNumber.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        String counter = sequenceNumber.substring(20);
        // The counter field is wide for the shape's sake; a shard never holds more than a long's worth of records.
        if (!counter.substring(0, 17).chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        return Optional.of(new Parts(Long.parseLong(sequenceNumber.substring(2, 15)),
                Integer.parseInt(sequenceNumber.substring(15, 20)), Long.parseLong(counter.substring(17))));
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " does not fit " + width + " digits");
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
